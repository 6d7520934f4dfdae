import { ZodValidationException } from 'nestjs-zod';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { toProblem } from './problem.filter';
import { RequestValidationException, RequestValidationPipe } from './validation';

const logger = { error: jest.fn() };
class QueryDto extends createZodDto(
  z.strictObject({ pageSize: z.coerce.number().int().max(100).optional() }),
) {}
class BodyDto extends createZodDto(
  z.object({ lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })) }),
) {}

const failure = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a validation failure');
};

describe(RequestValidationPipe.name, () => {
  const pipe = new RequestValidationPipe();

  it('names an invalid query parameter, with location query', () => {
    const error = failure(() =>
      pipe.transform({ pageSize: '500' }, { type: 'query', metatype: QueryDto }),
    );
    expect(error).toBeInstanceOf(RequestValidationException);
    expect(toProblem(error, logger).problem.errors).toEqual([
      { field: 'pageSize', message: expect.any(String), location: 'query' },
    ]);
  });

  it('names each unknown query parameter instead of "(body)"', () => {
    const error = failure(() =>
      pipe.transform({ pagesize: '5', foo: 'x' }, { type: 'query', metatype: QueryDto }),
    );
    const errors = toProblem(error, logger).problem.errors ?? [];
    expect(errors.map((e) => [e.field, e.location])).toEqual([
      ['pagesize', 'query'],
      ['foo', 'query'],
    ]);
    expect(errors[0].message).toContain('pagesize');
  });

  it('gives body errors their path in the body', () => {
    const error = failure(() =>
      pipe.transform({ lines: [{ sku: 1, quantity: 1 }] }, { type: 'body', metatype: BodyDto }),
    );
    expect(toProblem(error, logger).problem.errors).toEqual([
      { field: 'lines.0.sku', message: expect.any(String), location: 'body' },
    ]);
  });

  it('passes valid values through, transformed', () => {
    expect(pipe.transform({ pageSize: '5' }, { type: 'query', metatype: QueryDto })).toEqual({
      pageSize: 5,
    });
    expect(pipe.transform('x', { type: 'custom' })).toBe('x');
  });

  it('keeps the body as the default location of a bare zod failure', () => {
    const result = z.object({ a: z.number() }).safeParse('nope');
    const errors = toProblem(new ZodValidationException(result.error), logger).problem.errors;
    expect(errors).toEqual([{ field: '(body)', message: expect.any(String), location: 'body' }]);
  });
});
