-- One database per service (DESIGN §3); the app user may also create scratch test databases.
CREATE DATABASE IF NOT EXISTS orders;
CREATE DATABASE IF NOT EXISTS inventory;
CREATE USER IF NOT EXISTS 'mstore'@'%' IDENTIFIED BY 'mstore';
GRANT ALL PRIVILEGES ON orders.* TO 'mstore'@'%';
GRANT ALL PRIVILEGES ON inventory.* TO 'mstore'@'%';
GRANT ALL PRIVILEGES ON `mstore\_test\_%`.* TO 'mstore'@'%';
FLUSH PRIVILEGES;
