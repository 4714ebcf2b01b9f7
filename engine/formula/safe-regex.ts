// Regular expressions in formulas run synchronously on the server, where no timeout can stop
// them. Patterns that repeat a group which itself repeats ("(a+)+", "(\w*\s?)*") can backtrack
// exponentially on a few dozen characters of unlucky input, so expressions holding one are
// refused when compiled. A heuristic (star height > 1), as safe-regex uses: it does not catch
// every slow pattern, but it catches the classic ones before any record meets them.
import type { jsonataNode } from './types.ts';

/** Whether a repeated group in `source` contains a repetition of its own. */
export function repeatsRepeatedGroup(source: string): boolean {
  const open: boolean[] = []; // per open group: does it contain a repetition?
  let closedRepeats = false; // the group that just closed contained one
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      closedRepeats = false;
      continue;
    }
    if (ch === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      closedRepeats = false;
      continue;
    }
    if (ch === '(') {
      open.push(false);
      closedRepeats = false;
      continue;
    }
    if (ch === ')') {
      closedRepeats = open.pop() ?? false;
      if (closedRepeats && open.length) open[open.length - 1] = true;
      continue;
    }
    const repeats = ch === '*' || ch === '+' || (ch === '{' && /^\{\d*,\d*\}/.test(source.slice(i)));
    if (repeats) {
      if (closedRepeats) return true;
      if (open.length) open[open.length - 1] = true;
    }
    closedRepeats = false;
  }
  return false;
}

/** The first regular expression literal in a parsed expression that could backtrack for ever. */
export function unsafeRegex(node: jsonataNode | undefined): RegExp | undefined {
  if (!node || typeof node !== 'object') return undefined;
  if ((node.type as string) === 'regex' && node.value instanceof RegExp)
    return repeatsRepeatedGroup(node.value.source) ? node.value : undefined;
  for (const value of Object.values(node)) {
    const children = Array.isArray(value) ? value.flat() : [value];
    for (const child of children) {
      const found = child && typeof child === 'object' ? unsafeRegex(child as jsonataNode) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}
