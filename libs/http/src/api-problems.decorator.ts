import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_OPENAPI_CONTENT } from '@mstore/contracts';

/** A route's own error answers, each `[status, when]`; the gateway adds its edge ones (401/403/429/503). */
export const ApiProblems = (...answers: [status: number, when: string][]) =>
  applyDecorators(
    ...answers.map(([status, description]) =>
      ApiResponse({ status, description, content: PROBLEM_OPENAPI_CONTENT }),
    ),
  );

/** The 400 every route with a body, query or path parameters can answer. */
export const INVALID: [number, string] = [400, 'Invalid input; `errors` names each field'];
