// MariaDB from Debian's mariadb-server, run as our own mariadbd with its data
// in .stack/data/mariadb. Admin access is over the unix socket (socket auth
// for the OS user), the apps use mstore/mstore over TCP.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dataDir, ensureDir, runDir } from '../paths';
import { portOpen, spawnDetached } from '../process';
import { PrereqError, isRoot, need, run, say, which } from '../util';
import type { Server } from './types';

const PORT = 3306;
const datadir = join(dataDir, 'mariadb');
const osUser = userInfo().username;

// unix socket paths are limited to ~107 bytes; deep clones fall back to /tmp.
const socketPath = (() => {
  const p = join(runDir, 'mysqld.sock');
  return p.length < 100
    ? p
    : join(tmpdir(), `mstore-${createHash('sha1').update(p).digest('hex').slice(0, 8)}.sock`);
})();

const installed = () =>
  Boolean(which('mariadbd') && which('mariadb-install-db') && which('mariadb'));

/** The Debian packages the local MariaDB comes from (installed by `npm run setup`, never silently). */
export const MARIADB_PACKAGES = ['mariadb-server', 'mariadb-client'];

function check(): void {
  if (installed()) return;
  throw new PrereqError(
    `missing prerequisite: MariaDB not found — run \`npm run setup\` (as root: apt-get install ${MARIADB_PACKAGES.join(' ')}), or \`sudo apt-get install -y ${MARIADB_PACKAGES.join(' ')}\`, or set MYSQL_URL`,
  );
}

/** Runs SQL as the admin over the unix socket. */
async function adminSql(sql: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    need('mariadb'),
    [
      '--no-defaults',
      `--socket=${socketPath}`,
      `--user=${osUser}`,
      '--batch',
      '--skip-column-names',
      '-e',
      sql,
    ],
    { timeout: 10_000 },
  );
  return stdout;
}

async function healthy(url: string): Promise<boolean> {
  const mysql = await import('mysql2/promise');
  let conn: Awaited<ReturnType<typeof mysql.createConnection>> | undefined;
  try {
    conn = await mysql.createConnection({ uri: url, connectTimeout: 2000 });
    await conn.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await conn?.end().catch(() => undefined);
  }
}

export const mariadb: Server = {
  name: 'mariadb',
  envVar: 'MYSQL_URL',
  defaultUrl: `mysql://mstore:mstore@127.0.0.1:${PORT}`,
  port: PORT,
  healthy,
  check,
  fatal: /\[ERROR\] (Aborting|Can't start server)/,
  answering: async () => (await portOpen(PORT)) && (await adminSql('SELECT 1')).trim() === '1',

  async prepare(ctx) {
    if (existsSync(join(datadir, 'mysql'))) return;
    say('mariadb', `initializing data directory ${datadir}`);
    const tmp = `${datadir}.init`;
    rmSync(tmp, { recursive: true, force: true });
    ensureDir(tmp);
    await run(
      need('mariadb-install-db'),
      [
        '--no-defaults',
        `--datadir=${tmp}`,
        ...(isRoot() ? ['--user=root'] : []),
        '--auth-root-authentication-method=socket',
        `--auth-root-socket-user=${osUser}`,
        '--skip-test-db',
        '--skip-name-resolve',
      ],
      { logName: 'mariadb-install-db', signal: ctx.signal },
    );
    renameSync(tmp, datadir); // only a complete data dir gets the real name
  },

  async start() {
    ensureDir(runDir);
    spawnDetached('mariadb', need('mariadbd'), [
      '--no-defaults',
      `--datadir=${datadir}`,
      `--socket=${socketPath}`,
      `--pid-file=${join(runDir, 'mariadbd.pid')}`,
      `--port=${PORT}`,
      '--bind-address=127.0.0.1',
      ...(isRoot() ? ['--user=root'] : []),
      '--skip-name-resolve',
      '--max-connections=500',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      // Dev/test speed: flush the redo log once a second, not per commit
      // (a mariadbd crash loses nothing, only an OS crash could).
      '--innodb-flush-log-at-trx-commit=2',
      '--skip-log-bin',
    ]);
  },

  async setup() {
    // Idempotent: databases, the app user (TCP and socket), and grants that let
    // tests create scratch databases named mstore_test_*.
    const sql = [
      'CREATE DATABASE IF NOT EXISTS orders CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
      'CREATE DATABASE IF NOT EXISTS inventory CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
      ...['%', 'localhost', '127.0.0.1'].flatMap((host) => [
        `CREATE USER IF NOT EXISTS 'mstore'@'${host}' IDENTIFIED BY 'mstore'`,
        `GRANT ALL PRIVILEGES ON \`orders\`.* TO 'mstore'@'${host}'`,
        `GRANT ALL PRIVILEGES ON \`inventory\`.* TO 'mstore'@'${host}'`,
        `GRANT ALL PRIVILEGES ON \`mstore\\_test\\_%\`.* TO 'mstore'@'${host}'`,
      ]),
      'FLUSH PRIVILEGES',
    ].join(';\n');
    await adminSql(sql);
  },
};
