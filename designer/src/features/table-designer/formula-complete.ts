// Field-name completion inside a formula: the identifier being typed at the caret and the
// field names that start with it (then those that contain it). Pure, so it is tested alone.

export interface Completion {
  start: number;
  end: number;
  options: string[];
}

export function completeAt(text: string, caret: number, names: string[], max = 8): Completion | undefined {
  let start = caret;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1]!)) start--;
  let end = caret;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++;
  const word = text.slice(start, caret).toLowerCase();
  // No completion for a number, after a "$" (functions) or inside a string.
  if (!word || /^\d/.test(word) || text[start - 1] === '$') return undefined;
  const quotes = (text.slice(0, start).match(/["']/g) ?? []).length;
  if (quotes % 2 === 1) return undefined;
  const prefixed = names.filter((n) => n.toLowerCase().startsWith(word) && n.toLowerCase() !== word);
  const inside = names.filter((n) => !n.toLowerCase().startsWith(word) && n.toLowerCase().includes(word));
  const options = [...prefixed, ...inside].slice(0, max);
  return options.length ? { start, end, options } : undefined;
}
