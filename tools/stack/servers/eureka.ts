// Netflix Eureka server: the Spring Boot module in infra/eureka-server, built
// with Maven in the cache (never in the clone) and cached per source hash.
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir, ensureDir, infraDir } from '../paths';
import { httpStatus, spawnDetached } from '../process';
import { growth, step } from '../progress';
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

const PORT = 8761;
const moduleDir = join(infraDir, 'eureka-server');

export const eurekaPassword = () => process.env.EUREKA_PASSWORD || 'eureka';

const jarPath = () =>
  join(cacheDir, 'eureka-server', hashFiles(moduleDir, ['pom.xml', 'src']), 'eureka-server.jar');

let jdk: Jdk | undefined;

/** Basic auth from the URL's user info, else eureka/$EUREKA_PASSWORD; fetch() refuses credentials in URLs. */
export function eurekaRequest(url: string): { url: string; headers: Record<string, string> } {
  const u = new URL(url);
  const user = decodeURIComponent(u.username) || 'eureka';
  const pass = u.username ? decodeURIComponent(u.password) : eurekaPassword();
  u.username = '';
  u.password = '';
  return {
    url: u.toString(),
    headers: { Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` },
  };
}

async function healthy(url: string): Promise<boolean> {
  const req = eurekaRequest(url);
  const apps = new URL('apps', req.url.endsWith('/') ? req.url : `${req.url}/`).toString();
  return (await httpStatus(apps, { ...req.headers, Accept: 'application/json' })) === 200;
}

export const eureka: Server = {
  name: 'eureka',
  envVar: 'EUREKA_URL',
  defaultUrl: `http://localhost:${PORT}/eureka/`,
  port: PORT,
  healthy,
  fatal: /APPLICATION FAILED TO START|Web server failed to start/,
  answering: () => healthy(`http://127.0.0.1:${PORT}/eureka/`),

  check() {
    jdk = pickJdk('Eureka (Spring Boot 3.5)', 17, 25);
    if (!existsSync(jarPath())) requireMaven();
  },

  async prepare(ctx) {
    this.check();
    const jar = jarPath();
    if (existsSync(jar)) return;
    const mvn = requireMaven();
    const out = ensureDir(join(jar, '..'));
    const build = join(out, `build.${process.pid}`);
    rmSync(build, { recursive: true, force: true });
    cpSync(moduleDir, build, { recursive: true, filter: (src) => !src.includes('/target') });
    try {
      await step(
        'eureka',
        'building the Eureka server',
        () =>
          run(mvn, ['-B', 'package', '-DskipTests'], {
            cwd: build,
            logName: 'build-eureka',
            signal: ctx.signal,
          }),
        {
          note: 'Maven: Spring Boot jars from Maven Central, then a compile; first time or after a change',
          detail: growth(mavenRepo(), 'Maven downloads, all steps: '),
          done: 'built',
        },
      );
      renameSync(join(build, 'target', 'eureka-server.jar'), jar);
    } finally {
      rmSync(build, { recursive: true, force: true });
    }
  },

  async start() {
    spawnDetached(
      'eureka',
      join(chosen(jdk, 'eureka').home, 'bin', 'java'),
      [
        '-Xms64m',
        '-Xmx256m',
        // C1 only: noticeably faster start on 2 cores; the registry is light.
        '-XX:TieredStopAtLevel=1',
        ...classDataSharing(chosen(jdk, 'eureka'), join(dirname(jarPath()), 'eureka-server.jsa')),
        '-jar',
        jarPath(),
        `--server.port=${PORT}`,
        '--server.address=127.0.0.1',
      ],
      { env: { ...process.env, EUREKA_PASSWORD: eurekaPassword() } },
    );
  },
};
