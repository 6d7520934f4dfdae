import { NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';
import { DomainError, assertNever } from './domain.errors';
import { ProblemException } from './problem.exception';
import { toProblem } from './problem.filter';

enum SampleErrorCode {
  OutOfStock = 'OUT_OF_STOCK',
  Missing = 'MISSING',
}
class SampleError extends DomainError<SampleErrorCode> {
  describe() {
    switch (this.code) {
      case SampleErrorCode.OutOfStock:
        return { status: 409, title: 'Out of stock' };
      case SampleErrorCode.Missing:
        return { status: 404, title: 'Not found' };
      default:
        return assertNever(this.code);
    }
  }
}

const logger = { error: jest.fn() };

describe(toProblem.name, () => {
  it('maps a domain error through its module switch, with extensions', () => {
    const { problem } = toProblem(
      new SampleError(SampleErrorCode.OutOfStock, 'short', { skus: ['A'] }),
      logger,
      '/x',
    );
    expect(problem).toMatchObject({
      status: 409,
      title: 'Out of stock',
      detail: 'short',
      skus: ['A'],
      instance: '/x',
    });
    expect(problem.type).toMatch(/out-of-stock$/);
  });

  it('lists each invalid field of a validation error', () => {
    const result = z.object({ a: z.number(), b: z.string() }).safeParse({ a: 'x' });
    const { problem } = toProblem(new ZodValidationException(result.error), logger);
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['a', 'b']);
  });

  it('keeps headers of a problem exception', () => {
    const { problem, headers } = toProblem(
      new ProblemException(503, 'Service Unavailable', 'down', { headers: { 'retry-after': '5' } }),
      logger,
    );
    expect(problem.status).toBe(503);
    expect(headers).toEqual({ 'retry-after': '5' });
    expect(problem).not.toHaveProperty('headers');
  });

  it('rephrases framework 4xx errors', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nope'), logger).problem.status).toBe(404);
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toProblem(tooLarge, logger).problem).toMatchObject({
      status: 413,
      detail: 'The body exceeds 1 MiB.',
    });
    const badJson = Object.assign(new SyntaxError('Unexpected token } in JSON at position 3'), {
      statusCode: 400,
    });
    expect(toProblem(badJson, logger).problem.detail).toBe('The body is not valid JSON.');
  });

  it('keeps a not-ready health check a 503 with its check results', () => {
    const details = { mysql: { status: 'down', message: 'connect ECONNREFUSED' } };
    const { problem, headers } = toProblem(
      new ServiceUnavailableException({ status: 'error', info: {}, error: details, details }),
      logger,
      '/health/ready',
    );
    expect(problem).toMatchObject({ status: 503, title: 'Service Unavailable', checks: details });
    expect(headers).toEqual({ 'retry-after': '5' });
  });

  it('hides the details of a 500 and logs an error id', () => {
    const { problem } = toProblem(new Error('ER_ACCESS_DENIED secret driver text'), logger);
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret');
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ errorId: problem['errorId'] }),
      'unhandled error',
    );
  });
});

describe('problem extensions', () => {
  it('never overwrite the standard members', () => {
    const { problem } = toProblem(
      new SampleError(SampleErrorCode.Missing, 'gone', { status: 'RELEASED', title: 'x' }),
      logger,
    );
    expect(problem.status).toBe(404);
    expect(problem.title).toBe('Not found');
  });
});
