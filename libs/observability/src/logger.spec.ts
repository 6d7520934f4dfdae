import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger, PinoNestLogger } from './logger';

describe(createLogger.name, () => {
  it('logs at the given level, tagged with the service', () => {
    const logger = createLogger('order-service', 'warn');
    expect(logger.level).toBe('warn');
    expect(logger.isLevelEnabled('info')).toBe(false);
    expect(logger.bindings()).toEqual({ service: 'order-service' });
  });
});

describe(PinoNestLogger.name, () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    return { lines, logger: pino({ level: 'trace' }, stream) };
  };

  it("routes each of Nest's log calls to the pino level it means, with its context", () => {
    const { lines, logger } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log('started', 'NestApplication');
    nest.error('failed', 'Error: failed\n    at x', 'ExceptionsHandler');
    nest.warn('slow', 'Router');
    nest.debug('details');
    nest.verbose('more details');
    expect(lines.map((l) => [l['level'], l['msg'], l['context']])).toEqual([
      [30, 'started', 'NestApplication'],
      [50, 'failed', 'ExceptionsHandler'],
      [40, 'slow', 'Router'],
      [20, 'details', undefined],
      [10, 'more details', undefined],
    ]);
    expect(lines[1]['trace']).toBe('Error: failed\n    at x');
  });
});
