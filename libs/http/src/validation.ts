import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ZodValidationException, ZodValidationPipe } from 'nestjs-zod';
import type { ZodError } from 'zod';

/** Where an invalid value came from: named in each error so a client knows what to fix. */
export type ValidationLocation = 'body' | 'query' | 'path' | 'header';

const LOCATIONS: Record<ArgumentMetadata['type'], ValidationLocation> = {
  body: 'body',
  query: 'query',
  param: 'path',
  custom: 'body',
};

/** A zod validation failure that knows which part of the request it is about. */
export class RequestValidationException extends ZodValidationException {
  constructor(
    error: unknown,
    readonly location: ValidationLocation,
  ) {
    super(error);
  }
}

export interface ValidationIssue {
  field: string;
  message: string;
  location: ValidationLocation;
}

/**
 * One error per invalid value: its path in the body, or the query (path) parameter's name; an
 * unknown key of a strict schema has no path of its own, so each unknown name is an error.
 */
export function validationIssues(
  error: ZodError,
  location: ValidationLocation = 'body',
): ValidationIssue[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${key}` : key,
        message: `unknown ${location === 'body' ? 'field' : 'parameter'} "${key}"`,
        location,
      }));
    }
    return [{ field: base || `(${location})`, message: issue.message, location }];
  });
}

/** nestjs-zod's pipe, with the failure tagged by the argument's source (body, query, path). */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly zod = new ZodValidationPipe();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    try {
      return this.zod.transform(value, metadata);
    } catch (error) {
      if (error instanceof ZodValidationException && !(error instanceof RequestValidationException))
        throw new RequestValidationException(error.getZodError(), LOCATIONS[metadata.type]);
      throw error;
    }
  }
}
