export type ServerName = 'mariadb' | 'ferretdb' | 'kafka' | 'keycloak' | 'eureka';

/** One server of the local stack. */
export interface Server {
  name: ServerName;
  /** The variable that points at an existing server instead (MYSQL_URL, …). */
  envVar: string;
  /** The value of envVar for the server we run. */
  defaultUrl: string;
  /** Its main local port (a busy port we did not start is checked, not fought over). */
  port: number;
  /** Throws a PrereqError when a tool needed to prepare or start it is missing (fast, no I/O to speak of). */
  check(): void;
  /** Downloads/builds what is missing from the cache; quick when cached. */
  prepare(): Promise<void>;
  /** Spawns the server detached (pid file under .stack/run/<name>.pid). */
  start(): Promise<void>;
  /** After start: waits until the server answers (throws when it dies). */
  waitStarted(): Promise<void>;
  /** Idempotent setup once it answers (databases, users, topics). */
  setup?(url: string): Promise<void>;
  /** Whether the server at `url` is healthy, answering as the apps will use it. */
  healthy(url: string): Promise<boolean>;
  /** How long to wait for a server that is still starting. */
  startTimeoutMs: number;
}
