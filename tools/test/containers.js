// The testcontainers path (a Docker engine present): the same images as docker-compose.yml, bound to
// the DESIGN's host ports so every default URL stays valid.
const { join } = require('node:path');

const root = join(__dirname, '../..');

async function startContainers(env) {
  const { GenericContainer, Wait, Network } = require('testcontainers');
  const network = await new Network().start();
  const fixed = (port) => ({ container: port, host: port });

  const mysql = new GenericContainer('mysql:8.4')
    .withNetwork(network)
    .withEnvironment({ MYSQL_ROOT_PASSWORD: 'root' })
    .withCopyFilesToContainer([{ source: join(root, 'infra/mysql/init.sql'), target: '/docker-entrypoint-initdb.d/init.sql' }])
    .withCommand(['--max-connections=500'])
    .withExposedPorts(fixed(3306))
    .withWaitStrategy(Wait.forLogMessage(/ready for connections.*port: 3306/, 1));
  const mongo = new GenericContainer('mongo:7').withExposedPorts(fixed(27017)).withWaitStrategy(Wait.forListeningPorts());
  const kafka = new GenericContainer('apache/kafka:3.9.1')
    .withNetwork(network)
    .withNetworkAliases('kafka')
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://localhost:9092',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '3',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withExposedPorts(fixed(9092))
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/));
  const keycloak = new GenericContainer('quay.io/keycloak/keycloak:26.7.3')
    .withEnvironment({ KC_BOOTSTRAP_ADMIN_USERNAME: 'admin', KC_BOOTSTRAP_ADMIN_PASSWORD: 'admin' })
    .withCopyDirectoriesToContainer([{ source: join(root, 'keycloak'), target: '/opt/keycloak/data/import' }])
    .withCommand(['start-dev', '--import-realm', '--http-port=8180', '--hostname=http://localhost:8180'])
    .withExposedPorts(fixed(8180))
    .withWaitStrategy(Wait.forHttp('/realms/mstore/.well-known/openid-configuration', 8180).withStartupTimeout(180_000));
  const eurekaImage = await GenericContainer.fromDockerfile(join(root, 'infra/eureka-server')).build('mstore-eureka:test');
  const eureka = eurekaImage
    .withEnvironment({ EUREKA_PASSWORD: env.EUREKA_PASSWORD ?? 'eureka' })
    .withExposedPorts(fixed(8761))
    .withWaitStrategy(Wait.forHttp('/actuator/health', 8761));

  const started = await Promise.all([mysql, mongo, kafka, keycloak, eureka].map((c) => c.start()));
  const kafkaContainer = started[2];
  for (const topic of ['product-events', 'inventory-events', 'order-events']) {
    for (const [name, partitions] of [[topic, '3'], [`${topic}.dlq`, '1']]) {
      await kafkaContainer.exec([
        '/opt/kafka/bin/kafka-topics.sh', '--bootstrap-server', 'localhost:9092', '--create', '--if-not-exists',
        '--topic', name, '--partitions', partitions, '--replication-factor', '1',
      ]);
    }
  }
  return [...started, { stop: () => network.stop() }];
}

module.exports = { startContainers };
