// @mentions in comment text: the text is plain, a mention is "@" followed by a person's name,
// and the comment carries the mentioned user ids beside it (engine/comments). Pure functions:
// what is being typed after an "@", putting a picked name in, and finding the names again.

export interface Person {
  id: string;
  name: string;
  email?: string;
}

/** Longest a half-typed mention may be before it is taken for ordinary text. */
const maxQuery = 40;

/**
 * The mention being typed just before the caret: where its "@" is and what follows it. An "@"
 * counts at the start of the text or after a space or bracket (not inside an e-mail address).
 */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || caret - at - 1 > maxQuery) return undefined;
  if (at > 0 && !/[\s([{"'“‘,，、]/.test(before[at - 1]!)) return undefined;
  const query = before.slice(at + 1);
  if (/[\n@]/.test(query) || query.startsWith(' ') || query.includes('  ')) return undefined;
  return { start: at, query };
}

/** People whose name or e-mail contains the query (names starting with it first). */
export function suggestPeople(people: Person[], query: string, limit = 6): Person[] {
  const q = query.trim().toLocaleLowerCase();
  const scored = people
    .map((person) => {
      const name = person.name.toLocaleLowerCase();
      const email = person.email?.toLocaleLowerCase() ?? '';
      const score = name.startsWith(q)
        ? 0
        : name.includes(q)
          ? 1
          : email.startsWith(q)
            ? 2
            : email.includes(q)
              ? 3
              : -1;
      return { person, score };
    })
    .filter((s) => s.score >= 0);
  scored.sort((a, b) => a.score - b.score || a.person.name.localeCompare(b.person.name));
  return scored.slice(0, limit).map((s) => s.person);
}

/** The text with the half-typed mention from `start` to the caret replaced by the full name. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const after = text.slice(caret);
  const inserted = `@${name}${after.startsWith(' ') ? '' : ' '}`;
  return {
    text: text.slice(0, start) + inserted + after,
    caret: start + inserted.length + (after.startsWith(' ') ? 1 : 0),
  };
}

export type Segment = { text: string } | { text: string; person: Person };

/**
 * The text cut into plain runs and mentions of the given people. At each "@" the longest name
 * that follows wins, and a name must end at a word boundary ("@Ann" is not "@Anna").
 */
export function splitMentions(text: string, people: Person[]): Segment[] {
  const byLength = [...people].filter((p) => p.name).sort((a, b) => b.name.length - a.name.length);
  const segments: Segment[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const boundaryBefore = i === 0 || !/[\p{L}\p{N}_.+-]/u.test(text[i - 1]!);
    const person =
      text[i] === '@' && boundaryBefore
        ? byLength.find((p) => {
            if (!text.startsWith(p.name, i + 1)) return false;
            const next = text[i + 1 + p.name.length];
            return next === undefined || !/[\p{L}\p{N}_]/u.test(next);
          })
        : undefined;
    if (person) {
      if (plain) segments.push({ text: plain });
      plain = '';
      segments.push({ text: `@${person.name}`, person });
      i += person.name.length + 1;
    } else {
      plain += text[i];
      i += 1;
    }
  }
  if (plain) segments.push({ text: plain });
  return segments;
}

/** The ids of the people the text mentions, each once. */
export function mentionsIn(text: string, people: Person[]): string[] {
  const ids = splitMentions(text, people).flatMap((s) => ('person' in s ? [s.person.id] : []));
  return [...new Set(ids)];
}
