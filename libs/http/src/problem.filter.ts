import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  NotFoundException,
} from '@nestjs/common';
import { Problem, problemType } from '@mstore/contracts';
import { randomUUID } from 'node:crypto';
import { ZodValidationException } from 'nestjs-zod';
import type { ZodError } from 'zod';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  DatabaseNames,
  unavailableDatabase,
} from './database.errors';
import { DomainError } from './domain.errors';
import type { MethodTable } from './method-table';
import { ProblemException, slugOf } from './problem.exception';
import { sendProblem } from './problem-response';
import { RequestValidationException, validationIssues } from './validation';

interface ErrorLogger {
  error(obj: object, msg: string): void;
}

export interface ProblemOptions {
  /** The service's databases by kind, named in the 503 when one is down. */
  databases?: DatabaseNames;
}

interface Translated {
  problem: Problem;
  headers?: Record<string, string>;
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};
const titleOf = (status: number) =>
  STATUS_TITLES[status] ?? (status < 500 ? 'Bad Request' : 'Internal Server Error');

/** Turns any thrown value into RFC 9457; a 5xx never leaks its detail, it logs an error id instead. */
export function toProblem(
  error: unknown,
  logger: ErrorLogger,
  instance?: string,
  options: ProblemOptions = {},
): Translated {
  if (error instanceof DomainError) {
    const { status, title } = error.describe();
    return {
      problem: {
        // extensions first: they may never overwrite the standard members
        ...error.extensions,
        type: problemType(slugOf(error.code)),
        title,
        status,
        detail: error.message,
        instance,
      },
      headers: error.headers,
    };
  }
  if (error instanceof ProblemException) {
    const { headers, type: _type, ...extensions } = error.extras;
    return {
      problem: {
        ...extensions,
        type: error.type,
        title: error.title,
        status: error.status,
        detail: error.detail,
        instance,
      },
      headers,
    };
  }
  if (error instanceof ZodValidationException) {
    const zodError = error.getZodError() as ZodError;
    return {
      problem: {
        type: problemType('validation'),
        title: 'Bad Request',
        status: 400,
        detail: 'The request is not valid; see errors.',
        instance,
        errors: validationIssues(
          zodError,
          error instanceof RequestValidationException ? error.location : 'body',
        ),
      },
    };
  }
  const status = statusOf(error);
  if (status !== undefined && status < 500) {
    return {
      problem: {
        type: problemType(slugOf(titleOf(status))),
        title: titleOf(status),
        status,
        detail: safeDetail(error, status),
        instance,
      },
    };
  }
  if (status === HttpStatus.SERVICE_UNAVAILABLE)
    return unavailable(error as HttpException, instance);
  const database = unavailableDatabase(error);
  if (database) return databaseDown(options.databases?.[database], instance);
  const errorId = randomUUID();
  logger.error({ err: error, errorId }, 'unhandled error');
  return {
    problem: {
      type: problemType('internal'),
      title: 'Internal Server Error',
      status: 500,
      detail: `An unexpected error occurred; quote error id ${errorId}.`,
      instance,
      errorId,
    },
  };
}

/** A deliberate 503 (terminus' not-ready, a dependency down) keeps its status and the check results. */
function unavailable(error: HttpException, instance?: string): Translated {
  const body = error.getResponse();
  const checks = typeof body === 'object' && body && 'details' in body ? body.details : undefined;
  return {
    problem: {
      type: problemType('service-unavailable'),
      title: titleOf(503),
      status: 503,
      detail: checks ? 'A dependency is not ready; see checks.' : 'The service is unavailable.',
      instance,
      ...(checks ? { checks } : {}),
    },
    headers: { 'retry-after': '5' },
  };
}

/** A database that is down or unreachable: 503 naming it, never a 500 (and no driver message). */
function databaseDown(name: string | undefined, instance?: string): Translated {
  return {
    problem: {
      type: problemType('dependency-unavailable'),
      title: titleOf(503),
      status: 503,
      detail: `The ${name ? `${name} ` : ''}database is unavailable; retry later.`,
      instance,
      dependency: name ? `${name} database` : 'database',
    },
    headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
  };
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const code = (error as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : undefined;
}

/** Framework 4xx messages are safe; body-parser ones are rephrased so nothing internal leaks. */
function safeDetail(error: unknown, status: number): string {
  const code = (error as { code?: string }).code;
  if (error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return 'The body is not valid JSON.';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === HttpStatus.PAYLOAD_TOO_LARGE)
    return 'The body exceeds 1 MiB.';
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The JSON body is empty.';
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return 'Unsupported content type; send application/json.';
  if (error instanceof HttpException) {
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
  }
  return titleOf(status);
}

/** Nest's own answer for a request no route matched. */
const NO_ROUTE = /^Cannot [A-Z]+ /;

@Catch()
export class ProblemFilter implements ExceptionFilter {
  /** `methods`: the app's routes, so a known path asked with another method is a 405, not a 404. */
  constructor(
    private readonly logger: ErrorLogger,
    private readonly methods?: MethodTable,
    private readonly options: ProblemOptions = {},
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse();
    const request = ctx.getRequest<{ url?: string; method?: string }>();
    const path = request?.url?.split('?')[0];
    const refusal =
      error instanceof NotFoundException && NO_ROUTE.test(error.message) && path && request.method
        ? this.methods?.refusal(request.method, path)
        : undefined;
    const { problem, headers } = toProblem(refusal ?? error, this.logger, path, this.options);
    sendProblem(reply, problem, headers);
  }
}
