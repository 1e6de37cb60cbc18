/**
 * Limits every request meets at the edge, before class-transformer and class-validator see it
 * (issue 14): they recurse over the whole value, so a body nested 10,000 deep overflowed the stack
 * and answered 500. One walk over the parsed body and query — without recursion, so it cannot
 * overflow itself, and stopping at the first problem — refuses with 400 naming the field:
 * - objects and lists nested deeper than `depth`;
 * - a string longer than `stringLength` or a list longer than `arrayLength`, whatever the field
 *   (a DTO may allow far fewer; these are the ceilings for fields that name none);
 * - a whole number beyond ±(2^53 − 1), which JSON.parse has already rounded to another number.
 * The body's size is Fastify's `bodyLimit` (413), set from the same configuration.
 */
import { JsonLimits } from '../config/app-config';
import { FieldProblem, RequestValidationException } from './problem-details';

/** The first value of `value` beyond the limits, with the field it sits in; null when there is none. */
export function inputLimitProblem(value: unknown, limits: Omit<JsonLimits, 'bodyBytes'>, root = 'body'): FieldProblem | null {
  if (value === null || value === undefined) return null;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    const field = path || root;
    if (typeof current === 'string') {
      if (current.length > limits.stringLength) return { field, reason: `must be at most ${limits.stringLength} characters` };
    } else if (typeof current === 'number') {
      if (Number.isInteger(current) && !Number.isSafeInteger(current)) return { field, reason: 'must be a whole number between -9007199254740991 and 9007199254740991' };
    } else if (typeof current === 'object' && current !== null) {
      if (depth >= limits.depth) {
        // the outermost field: a path thousands of levels long would name nothing useful
        const outermost = path.split('.')[0] || root;
        return { field: outermost, reason: `must not nest objects or lists more than ${limits.depth} levels deep` };
      }
      if (Array.isArray(current)) {
        if (current.length > limits.arrayLength) return { field, reason: `must hold at most ${limits.arrayLength} entries` };
        for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: path ? `${path}.${i}` : String(i), depth: depth + 1 });
      } else {
        const keys = Object.keys(current);
        for (let i = keys.length - 1; i >= 0; i--) {
          const key = keys[i];
          const keyPath = path ? `${path}.${key}` : key;
          if (key.length > limits.stringLength) return { field: keyPath.slice(0, 200), reason: 'is not a known field' };
          stack.push({ value: (current as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
        }
      }
    }
  }
  return null;
}

interface HookRequest {
  body?: unknown;
  query?: unknown;
}

/**
 * A Fastify `preValidation` hook: runs after the body is parsed and before Nest's pipes. Thrown,
 * the refusal reaches the ProblemDetailsFilter like any other.
 */
export function inputLimitsHook(limits: JsonLimits) {
  return async (request: HookRequest): Promise<void> => {
    const problem = inputLimitProblem(request.query, limits, 'query') ?? inputLimitProblem(request.body, limits);
    if (problem) throw new RequestValidationException([problem]);
  };
}
