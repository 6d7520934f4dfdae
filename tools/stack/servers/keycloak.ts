// Keycloak 26 (Quarkus distribution from Maven Central via infra/keycloak/pom.xml)
// in dev mode with the mstore realm from keycloak/. The unpacked distribution
// is shared in the cache; each clone runs a thin "home" in .stack/keycloak
// (Keycloak writes its build and data under its home), whose data/ is a link
// to .stack/data/keycloak (the H2 dev-file database and the realm to import).
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { cacheDir, dataDir, ensureDir, infraDir, keycloakRealmDir, stackDir } from '../paths';
import { httpStatus, spawnDetached } from '../process';
import { growth, say, step } from '../progress';
import {
  chosen,
  classDataSharing,
  hashFiles,
  mavenRepo,
  pickJdk,
  requireMaven,
  run,
  type Jdk,
} from '../util';
import type { Server } from './types';

const VERSION = '26.7.3';
const PORT = 8180;
const REALM_FILE = 'mstore-realm.json';
const home = join(stackDir, 'keycloak');
const data = join(dataDir, 'keycloak');

const distDir = () =>
  join(
    cacheDir,
    'keycloak',
    `${VERSION}-${hashFiles(infraDir, ['keycloak/pom.xml'])}`,
    `keycloak-${VERSION}`,
  );

let jdk: Jdk | undefined;

async function healthy(url: string): Promise<boolean> {
  return (
    (await httpStatus(
      `${url.replace(/\/$/, '')}/realms/mstore/.well-known/openid-configuration`,
    )) === 200
  );
}

const START_ARGS = [
  'start-dev',
  '--import-realm',
  `--http-port=${PORT}`,
  '--http-host=127.0.0.1',
  // Hostname v2: a fixed issuer (http://localhost:8180/realms/mstore)
  // whether a token is requested through localhost or 127.0.0.1.
  `--hostname=http://localhost:${PORT}`,
  '--health-enabled=true',
];

/**
 * The first start of a home re-augments Quarkus for dev mode (~20-30 s on 2
 * cores) into lib/quarkus. That output has no absolute paths, so it is cached
 * next to the distribution and reused by new clones (Keycloak re-augments by
 * itself if it does not match).
 */
const augmentedDir = (dist: string) =>
  join(
    dist,
    '..',
    `quarkus-dev-${createHash('sha256').update(START_ARGS.join(' ')).digest('hex').slice(0, 8)}`,
  );

function cacheAugmentation(dist: string): void {
  const target = augmentedDir(dist);
  if (existsSync(target)) return;
  const tmp = `${target}.${process.pid}.tmp`;
  cpSync(join(home, 'lib', 'quarkus'), tmp, { recursive: true });
  renameSync(tmp, target);
}

/** (Re)creates the per-clone home: small copies of bin, conf and lib/quarkus, links to the rest. */
function makeHome(dist: string): void {
  const marker = join(home, '.dist');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === dist) return;
  rmSync(home, { recursive: true, force: true });
  ensureDir(join(home, 'bin'));
  ensureDir(join(home, 'lib'));
  ensureDir(join(home, 'providers'));
  ensureDir(join(home, 'themes'));
  cpSync(join(dist, 'bin', 'kc.sh'), join(home, 'bin', 'kc.sh'));
  cpSync(join(dist, 'conf'), join(home, 'conf'), { recursive: true });
  const augmented = augmentedDir(dist);
  cpSync(
    existsSync(augmented) ? augmented : join(dist, 'lib', 'quarkus'),
    join(home, 'lib', 'quarkus'),
    {
      recursive: true,
    },
  );
  cpSync(join(dist, 'lib', 'quarkus-run.jar'), join(home, 'lib', 'quarkus-run.jar'));
  symlinkSync(join(dist, 'lib', 'lib'), join(home, 'lib', 'lib'));
  symlinkSync(join(dist, 'lib', 'app'), join(home, 'lib', 'app'));
  symlinkSync(data, join(home, 'data'));
  writeFileSync(marker, dist);
}

/**
 * Puts the realm where --import-realm looks (data/import). Keycloak skips a
 * realm that already exists, so when the realm file changed we drop the dev
 * database and let it import afresh.
 */
function stageRealm(): void {
  const realm = readFileSync(join(keycloakRealmDir, REALM_FILE));
  const sum = createHash('sha256').update(realm).digest('hex');
  const sumFile = join(data, 'realm.sha256');
  if (
    existsSync(join(data, 'h2')) &&
    (!existsSync(sumFile) || readFileSync(sumFile, 'utf8') !== sum)
  ) {
    say('keycloak', `${REALM_FILE} changed: resetting the dev database to re-import it`);
    rmSync(join(data, 'h2'), { recursive: true, force: true });
  }
  ensureDir(join(data, 'import'));
  writeFileSync(join(data, 'import', REALM_FILE), realm);
  writeFileSync(sumFile, sum);
}

export const keycloak: Server = {
  name: 'keycloak',
  envVar: 'KEYCLOAK_URL',
  defaultUrl: `http://localhost:${PORT}`,
  port: PORT,
  healthy,
  fatal:
    /ERROR \[org\.keycloak\.quarkus\.runtime\.cli\.ExecutionExceptionHandler\]|Failed to start server/,
  answering: () => healthy(`http://127.0.0.1:${PORT}`),

  check() {
    jdk = pickJdk('Keycloak 26', 21);
    if (!existsSync(join(distDir(), 'bin', 'kc.sh'))) requireMaven();
  },

  async prepare(ctx) {
    this.check();
    const dist = distDir();
    if (!existsSync(join(dist, 'bin', 'kc.sh'))) {
      const mvn = requireMaven();
      const parent = join(dist, '..');
      const tmp = `${parent}.${process.pid}.tmp`;
      rmSync(tmp, { recursive: true, force: true });
      await step(
        'keycloak',
        `downloading Keycloak ${VERSION}`,
        () =>
          run(
            mvn,
            [
              '-B',
              '-f',
              join(infraDir, 'keycloak', 'pom.xml'),
              'dependency:unpack',
              `-Dkc.outputDirectory=${tmp}`,
              `-Dkc.markersDirectory=${tmp}-markers`,
            ],
            { logName: 'build-keycloak', signal: ctx.signal },
          ),
        {
          note: 'Maven Central, ~180 MB, first time only',
          detail: growth(mavenRepo(), 'Maven downloads, all steps: '),
          done: 'downloaded',
        },
      );
      rmSync(`${tmp}-markers`, { recursive: true, force: true });
      rmSync(parent, { recursive: true, force: true });
      renameSync(tmp, parent);
    }
    this.startNote = existsSync(augmentedDir(dist))
      ? undefined
      : 'first start builds its optimized image: 1–2 min on 2 cores';
    ensureDir(data);
    makeHome(dist);
    stageRealm();
  },

  async start() {
    spawnDetached('keycloak', join(home, 'bin', 'kc.sh'), START_ARGS, {
      cwd: home,
      env: {
        ...process.env,
        JAVA_HOME: chosen(jdk, 'keycloak').home,
        JAVA_OPTS_KC_HEAP: process.env.JAVA_OPTS_KC_HEAP ?? '-Xms256m -Xmx768m',
        // the home is per clone, and so is the classpath the archive is valid for
        JAVA_OPTS_APPEND: [
          process.env.JAVA_OPTS_APPEND ?? '',
          // C1 only: a faster start on 2 cores; a dev server
          // issues a few tokens, it is never the hot path
          '-XX:TieredStopAtLevel=1',
          ...classDataSharing(chosen(jdk, 'keycloak'), join(home, 'keycloak.jsa')),
        ]
          .join(' ')
          .trim(),
        KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
        KC_BOOTSTRAP_ADMIN_PASSWORD: 'admin',
      },
    });
  },

  async waitStarted() {
    try {
      cacheAugmentation(distDir());
    } catch {
      /* only an optimisation */
    }
  },
};
