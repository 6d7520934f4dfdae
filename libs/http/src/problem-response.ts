import { PROBLEM_CONTENT_TYPE, Problem } from '@mstore/contracts';

interface ReplyLike {
  code(status: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): unknown;
}

export function sendProblem(
  reply: ReplyLike,
  problem: Problem,
  headers: Record<string, string> = {},
): unknown {
  reply.code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE);
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  return reply.send(problem);
}
