export type ServerName = 'mariadb' | 'ferretdb' | 'kafka' | 'keycloak' | 'eureka' | 'jaeger';

/** Shared by the steps of one `ensureServers`: aborted when one of them fails. */
export interface RunContext {
  signal: AbortSignal;
  /** Servers this run spawned (stopped again when the run fails). */
  started: ServerName[];
}

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
  prepare(ctx: RunContext): Promise<void>;
  /** Spawns the server detached (pid file under .stack/run/<name>.pid). */
  start(ctx: RunContext): Promise<void>;
  /** Whether our own instance answers yet (default: healthy(defaultUrl)). */
  answering?(): Promise<boolean>;
  /** Said when it starts: what takes long ("first start builds its image"). */
  startNote?: string;
  /** A line in its log that means it will not come up (reported at once). */
  fatal?: RegExp;
  /** After it answers healthy: anything else to wait for. */
  waitStarted?(ctx: RunContext): Promise<void>;
  /** Idempotent setup once it answers (databases, users, topics). */
  setup?(url: string): Promise<void>;
  /** Whether the server at `url` is healthy, answering as the apps will use it. */
  healthy(url: string): Promise<boolean>;
}
