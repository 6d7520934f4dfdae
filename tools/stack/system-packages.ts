// The Debian packages the local stack and the browser tests need. `npm run setup` installs the
// missing ones (as root, saying so); nothing else ever installs them.
import { which } from './util';

interface SystemPackage {
  name: string;
  /** What it is for, in the setup's message. */
  for: string;
  present: () => boolean;
}

export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  {
    name: 'mariadb-server',
    for: 'the local MySQL (skipped with MYSQL_URL)',
    present: () =>
      Boolean(process.env.MYSQL_URL) || Boolean(which('mariadbd') && which('mariadb-install-db')),
  },
  {
    name: 'mariadb-client',
    for: 'the local MySQL admin client',
    present: () => Boolean(process.env.MYSQL_URL) || Boolean(which('mariadb')),
  },
  {
    name: 'chromium',
    for: 'the browser tests (Playwright drives the system Chromium; CHROMIUM_PATH overrides)',
    present: () => Boolean(process.env.CHROMIUM_PATH) || Boolean(which('chromium')),
  },
];

export const missingPackages = (): SystemPackage[] => SYSTEM_PACKAGES.filter((p) => !p.present());
