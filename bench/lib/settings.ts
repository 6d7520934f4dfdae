/** Bench knobs from the environment (short values while iterating, the defaults for the README). */
const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};

export const settings = {
  /** Seconds of each measured round. */
  durationS: num('BENCH_DURATION_S', 5),
  /** Rounds per side; value and baseline rounds alternate so drift hits both alike. */
  rounds: num('BENCH_ROUNDS', 3),
  /** Seconds of warm-up per side before the rounds (JIT, pools, caches). */
  warmupS: num('BENCH_WARMUP_S', 2),
  /** Connections of a max-throughput run (pipelining is always 1). */
  connections: num('BENCH_CONNECTIONS', 16),
  /** Seconds the idle scenario measures, after idleSettleS seconds of settling. */
  idleS: num('BENCH_IDLE_S', 60),
  idleSettleS: num('BENCH_IDLE_SETTLE_S', 20),
  /** Customer tokens minted before the scenarios (4 do for catalog-miss alone: it sends none). */
  tokens: num('BENCH_TOKENS', 500),
  /** Fraction of the maximum used for the fixed-rate latency run. */
  latencyLoad: 0.8,
  /** Comma-separated scenario names to run (default: all). */
  only: (process.env['BENCH_ONLY'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
};
