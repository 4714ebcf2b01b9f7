// JSONata expressions: compiled once and cached, evaluated with a time and depth limit so a
// runaway expression fails with a clear error instead of hanging the server.
import jsonata from 'jsonata';
import { Invalid } from '../errors.ts';
import { compileFast, type FastEvaluator, unsupported } from './fast.ts';
import { unsafeRegex } from './safe-regex.ts';

export interface Compiled {
  source: string;
  expression: jsonata.Expression;
  /** Top-level field names the expression reads. */
  names: string[];
  /** Synchronous evaluation of simple expressions with JSONata's exact results; null when JSONata must run. */
  fast: FastEvaluator | null;
}

const cache = new Map<string, Compiled>();
const limits = { timeout: 250, stack: 300 } as const;

interface JsonataFailure {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
}

export function expressionError(source: string, error: unknown, where: string): Invalid {
  const failure = error as JsonataFailure;
  const reason =
    failure.code === 'D1012'
      ? `took longer than ${limits.timeout} ms and was stopped`
      : failure.code === 'D1011' || error instanceof RangeError
        ? 'recursed too deeply and was stopped'
        : (failure.message ?? String(error));
  const at = typeof failure.position === 'number' ? ` (at character ${failure.position})` : '';
  return new Invalid('invalid_expression', `${where}: ${reason}${at}`, [
    { field: where, message: `${reason}${at}`, code: failure.code ?? 'invalid_expression' },
  ]);
}

export function compileExpression(source: string, where = 'expression'): Compiled {
  const cached = cache.get(source);
  if (cached) return cached;
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source, limits);
  } catch (error) {
    throw expressionError(source, error, where);
  }
  const risky = unsafeRegex(expression.ast());
  if (risky) {
    const message = `the regular expression ${risky} repeats a group that itself repeats, which can take practically for ever to match; write it without the nested repetition`;
    throw new Invalid('invalid_expression', `${where}: ${message}`, [
      { field: where, message, code: 'unsafe_regex' },
    ]);
  }
  const ast = expression.ast();
  const compiled = { source, expression, names: [...referencedNames(ast)], fast: compileFast(ast) };
  if (cache.size > 5000) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

/** Evaluates against `input` (a record's API values, empty ones left out) with extra `$` bindings. */
export async function evaluateExpression(
  compiled: Compiled,
  input: Record<string, unknown>,
  bindings: Record<string, unknown>,
  where: string,
): Promise<unknown> {
  const fast = evaluateFast(compiled, input, bindings);
  if (fast !== unsupported) return fast;
  try {
    const result = await compiled.expression.evaluate(input, bindings);
    return normalizeResult(result);
  } catch (error) {
    throw expressionError(compiled.source, error, where);
  }
}

/**
 * Evaluates without awaiting when the expression is simple enough (see fast.ts); `unsupported`
 * means the caller must use evaluateExpression. Never throws.
 */
export function evaluateFast(
  compiled: Compiled,
  input: Record<string, unknown>,
  bindings: Record<string, unknown>,
): unknown | typeof unsupported {
  // Paths over arrays map over their items: only plain records take the fast path.
  if (!compiled.fast || typeof input !== 'object' || input === null || Array.isArray(input))
    return unsupported;
  const result = compiled.fast(input, bindings);
  return result === unsupported ? unsupported : normalizeResult(result);
}

export { unsupported };

/** JSONata returns sequences (arrays with extra flags) and may return functions; keep plain JSON. */
function normalizeResult(value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (Array.isArray(value)) return value.map(normalizeResult);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeResult(v)]));
  }
  return value;
}

/** Field names at the start of each path: in "amount * rate.value", amount and rate. */
export function referencedNames(
  node: jsonata.ExprNode | undefined,
  names = new Set<string>(),
  inPath = false,
): Set<string> {
  if (!node || typeof node !== 'object') return names;
  if ((node.type as string) === 'path' && node.steps?.length) {
    const [first, ...rest] = node.steps;
    if (first?.type === 'name') names.add(String(first.value));
    else referencedNames(first, names);
    for (const step of rest) referencedNames(step, names, true);
    return names;
  }
  if (node.type === 'name' && !inPath) names.add(String(node.value));
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) {
        if (Array.isArray(item)) for (const inner of item) referencedNames(inner as jsonata.ExprNode, names);
        else referencedNames(item as jsonata.ExprNode, names);
      }
    } else if (value && typeof value === 'object') referencedNames(value as jsonata.ExprNode, names);
  }
  return names;
}
