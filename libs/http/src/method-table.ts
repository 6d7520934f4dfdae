import { ProblemException } from './problem.exception';

/** The order methods are listed in an `Allow` header. */
const ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

interface Template {
  pattern: RegExp;
  methods: Set<string>;
}

/**
 * Which methods each path template answers, to tell a wrong method (405 with `Allow`) from an
 * unknown path (404). Templates may name parameters as `{id}` (OpenAPI) or `:id` (Fastify); a
 * trailing `*` matches the rest of the path. HEAD goes with GET and is not listed.
 */
export class MethodTable {
  private readonly templates = new Map<string, Template>();

  add(method: string, template: string): this {
    const upper = method.toUpperCase();
    if (!ORDER.includes(upper)) return this;
    const key = normalise(template.replace(/\{[^}/]+\}|:[^/]+/g, '{}'));
    let entry = this.templates.get(key);
    if (!entry) {
      const source = key
        .split('/')
        .map((part) =>
          part === '{}'
            ? '[^/]+'
            : part === '*'
              ? '.*'
              : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/');
      entry = { pattern: new RegExp(`^${source}$`), methods: new Set() };
      this.templates.set(key, entry);
    }
    entry.methods.add(upper);
    return this;
  }

  get size(): number {
    return this.templates.size;
  }

  /** The methods some template of this path answers; undefined when no template matches it. */
  allowed(path: string): string[] | undefined {
    const plain = normalise(path.split('?')[0]);
    const methods = new Set<string>();
    for (const { pattern, methods: own } of this.templates.values())
      if (pattern.test(plain)) for (const m of own) methods.add(m);
    return methods.size === 0 ? undefined : ORDER.filter((m) => methods.has(m));
  }

  /** A 405 problem when the path is known but not for this method; undefined otherwise. */
  refusal(method: string, path: string): ProblemException | undefined {
    const allowed = this.allowed(path);
    if (!allowed) return undefined;
    const upper = method.toUpperCase();
    if (allowed.includes(upper === 'HEAD' ? 'GET' : upper)) return undefined;
    if (upper === 'OPTIONS') return undefined;
    return methodNotAllowed(upper, path.split('?')[0], allowed);
  }
}

export const methodNotAllowed = (method: string, path: string, allowed: string[]) =>
  new ProblemException(
    405,
    'Method Not Allowed',
    `${method} is not allowed on ${path}; allowed: ${allowed.join(', ')}.`,
    { headers: { allow: allowed.join(', ') } },
  );

const normalise = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);
