// A synchronous evaluator for the simple JSONata expressions most formulas are: field names,
// literals, arithmetic, comparisons, `&`, `and`/`or`, `? :`, blocks and a few $functions.
// It must give exactly JSONata's result; whenever it is not sure (an unknown construct, an
// error JSONata would raise, a value that is not a plain number, string or boolean), it
// answers `unsupported` and the caller runs JSONata itself. It never throws.
import type { jsonataNode } from './types.ts';

export const unsupported: unique symbol = Symbol('unsupported');

export type FastEvaluator = (
  input: Record<string, unknown>,
  bindings: Record<string, unknown>,
) => unknown | typeof unsupported;

/** The parts of JSONata's parsed AST this module reads (the library's own typings omit some). */
interface Node {
  type: string;
  value?: unknown;
  steps?: Node[];
  lhs?: Node;
  rhs?: Node;
  expression?: Node;
  expressions?: Node[];
  condition?: Node;
  then?: Node;
  else?: Node;
  arguments?: Node[];
  procedure?: Node;
}

type Evaluate = (input: Record<string, unknown>, bindings: Record<string, unknown>) => unknown;

/** Thrown inside an evaluation to give up; caught by the evaluator's wrapper. */
const giveUp = Symbol('give up');

function bail(): never {
  throw giveUp;
}

/** A JSONata number: finite (JSONata raises an error on NaN and ±Infinity, so we leave those to it). */
function number(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) bail();
  return value;
}

function checked(result: number): number {
  return Number.isFinite(result) ? result : bail();
}

/** fn.boolean of JSONata, for the values we let through. */
function truthy(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return number(value) !== 0;
  if (value === null) return false;
  return bail();
}

/** fn.string of JSONata, for the values we let through. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    const n = number(value)!;
    return JSON.stringify(Number.isInteger(n) ? n : Number(n.toPrecision(15)));
  }
  if (typeof value === 'boolean' || value === null) return JSON.stringify(value);
  return bail();
}

/** A value as a path or variable yields it: primitives only (arrays and objects have sequence rules). */
function primitive(value: unknown): unknown {
  if (value === undefined || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return number(value);
  return bail();
}

/** JSONata's $round: half to even, shifting the decimal point through the string form. */
function round(value: number, precision: number | undefined): number {
  let arg = value;
  if (precision) {
    const parts = arg.toString().split('e');
    arg = +`${parts[0]}e${parts[1] ? +parts[1] + precision : precision}`;
  }
  let result = Math.round(arg);
  const diff = result - arg;
  if (Math.abs(diff) === 0.5 && Math.abs(result % 2) === 1) result = result - 1;
  if (precision) {
    const parts = result.toString().split('e');
    result = +`${parts[0]}e${parts[1] ? +parts[1] - precision : -precision}`;
  }
  if (Object.is(result, -0)) result = 0;
  return checked(result);
}

const numeric = (apply: (n: number) => number) => (args: unknown[]) => {
  if (args.length !== 1) return bail();
  const n = number(args[0]);
  return n === undefined ? undefined : checked(apply(n));
};

const textual = (apply: (s: string) => unknown) => (args: unknown[]) => {
  if (args.length !== 1) return bail();
  const s = args[0];
  if (s === undefined) return undefined;
  return typeof s === 'string' ? apply(s) : bail();
};

const functions: Record<string, (args: unknown[]) => unknown> = {
  abs: numeric(Math.abs),
  floor: numeric(Math.floor),
  ceil: numeric(Math.ceil),
  sqrt: numeric((n) => (n < 0 ? bail() : Math.sqrt(n))),
  round: (args) => {
    if (args.length < 1 || args.length > 2) return bail();
    const n = number(args[0]);
    const precision = number(args[1]);
    if (precision !== undefined && !Number.isInteger(precision)) return bail();
    return n === undefined ? undefined : round(n, precision);
  },
  string: (args) => {
    if (args.length !== 1) return bail();
    return args[0] === undefined ? undefined : text(args[0]);
  },
  uppercase: textual((s) => s.toUpperCase()),
  lowercase: textual((s) => s.toLowerCase()),
  length: textual((s) => [...s].length),
};

/** Keys a node may carry for us to understand it completely; anything else (predicates, grouping, focus…) is JSONata's. */
const knownKeys = new Set([
  'type',
  'value',
  'position',
  'lhs',
  'rhs',
  'steps',
  'expression',
  'expressions',
  'condition',
  'then',
  'else',
  'arguments',
  'procedure',
]);

function plain(node: Node): boolean {
  return Object.entries(node).every(([key, value]) => knownKeys.has(key) || value === undefined);
}

const own = (object: object, key: string) => Object.hasOwn(object, key);

function compileNode(node: Node | undefined): Evaluate | null {
  if (!node || typeof node !== 'object' || !plain(node)) return null;
  switch (node.type) {
    case 'number':
    case 'string':
    case 'value': {
      const value = node.value as unknown;
      if (typeof value === 'number' && !Number.isFinite(value)) return null;
      return () => value;
    }
    case 'path': {
      const steps = node.steps ?? [];
      const step = steps[0];
      if (steps.length !== 1 || !step || step.type !== 'name' || !plain(step)) return null;
      const name = String(step.value);
      return (input) => {
        if (own(input, name)) return primitive(input[name]);
        // Inherited properties (toString, constructor…) are what JSONata would read: leave them to it.
        return name in input ? bail() : undefined;
      };
    }
    case 'variable': {
      const name = String(node.value);
      if (name === '' || name === '$') return null;
      return (_input, bindings) => {
        if (!own(bindings, name) || typeof bindings[name] === 'function') return bail();
        const value = bindings[name];
        return value === null ? null : primitive(value);
      };
    }
    case 'unary': {
      if (node.value !== '-') return null;
      const operand = compileNode(node.expression);
      if (!operand) return null;
      return (input, bindings) => {
        const value = number(operand(input, bindings));
        return value === undefined ? undefined : -value;
      };
    }
    case 'block': {
      const parts = (node.expressions ?? []).map((e) => compileNode(e));
      if (parts.length === 0 || parts.some((p) => p === null)) return null;
      const all = parts as Evaluate[];
      return (input, bindings) => {
        let result: unknown;
        for (const part of all) result = part(input, bindings);
        return result;
      };
    }
    case 'condition': {
      const condition = compileNode(node.condition);
      const then = compileNode(node.then);
      const otherwise = node.else === undefined ? () => undefined : compileNode(node.else);
      if (!condition || !then || !otherwise) return null;
      return (input, bindings) =>
        truthy(condition(input, bindings)) ? then(input, bindings) : otherwise(input, bindings);
    }
    case 'binary':
      return compileBinary(node);
    case 'function': {
      const procedure = node.procedure;
      if (procedure?.type !== 'variable' || !plain(procedure)) return null;
      const name = String(procedure.value);
      const args = (node.arguments ?? []).map((a) => compileNode(a));
      if (args.some((a) => a === null)) return null;
      const compiled = args as Evaluate[];
      const builtin = own(functions, name) ? functions[name]! : undefined;
      return (input, bindings) => {
        if (own(bindings, name)) {
          // A binding such as $today(): a plain function the caller gave, called without arguments.
          const bound = bindings[name];
          if (typeof bound !== 'function' || compiled.length > 0) return bail();
          const result = (bound as () => unknown)();
          return result === null ? null : primitive(result);
        }
        if (!builtin) return bail();
        return builtin(compiled.map((a) => a(input, bindings)));
      };
    }
    default:
      return null;
  }
}

function compileBinary(node: Node): Evaluate | null {
  const lhs = compileNode(node.lhs);
  const rhs = compileNode(node.rhs);
  if (!lhs || !rhs) return null;
  const op = String(node.value);
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%': {
      const apply =
        op === '+'
          ? (a: number, b: number) => a + b
          : op === '-'
            ? (a: number, b: number) => a - b
            : op === '*'
              ? (a: number, b: number) => a * b
              : op === '/'
                ? (a: number, b: number) => a / b
                : (a: number, b: number) => a % b;
      return (input, bindings) => {
        const a = number(lhs(input, bindings));
        const b = number(rhs(input, bindings));
        if (a === undefined || b === undefined) return undefined;
        return checked(apply(a, b));
      };
    }
    case '=':
    case '!=': {
      const equal = op === '=';
      return (input, bindings) => {
        const a = primitiveOrNull(lhs(input, bindings));
        const b = primitiveOrNull(rhs(input, bindings));
        if (a === undefined || b === undefined) return false;
        return (a === b) === equal;
      };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (input, bindings) => {
        const a = lhs(input, bindings);
        const b = rhs(input, bindings);
        const comparable = (v: unknown) => v === undefined || typeof v === 'string' || typeof v === 'number';
        if (!comparable(a) || !comparable(b)) return bail();
        if (a === undefined || b === undefined) return undefined;
        if (typeof a !== typeof b) return bail();
        if (typeof a === 'number') number(a);
        if (typeof b === 'number') number(b);
        const x = a as number | string;
        const y = b as number | string;
        return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
      };
    case '&':
      return (input, bindings) => {
        const a = lhs(input, bindings);
        const b = rhs(input, bindings);
        return (a === undefined ? '' : text(a)) + (b === undefined ? '' : text(b));
      };
    case 'and':
    case 'or': {
      const isAnd = op === 'and';
      return (input, bindings) => {
        const left = truthy(lhs(input, bindings)) ?? false;
        if (isAnd ? !left : left) return left;
        return truthy(rhs(input, bindings)) ?? false;
      };
    }
    default:
      return null;
  }
}

/** Equality compares primitives with ===; objects and arrays need JSONata's deep equality. */
function primitiveOrNull(value: unknown): unknown {
  return value === null ? null : primitive(value);
}

/** A fast evaluator for the expression, or null when it uses anything this module does not handle. */
export function compileFast(ast: jsonataNode): FastEvaluator | null {
  const evaluate = compileNode(ast as unknown as Node);
  if (!evaluate) return null;
  return (input, bindings) => {
    try {
      return evaluate(input, bindings);
    } catch (error) {
      if (error === giveUp) return unsupported;
      return unsupported;
    }
  };
}
