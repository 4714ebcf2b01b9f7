// Single-line text: names, titles, codes.
import { textKind } from './text-kind.ts';

export const text = textKind({ name: 'text', maxLength: 10_000, sample: 'Acme' });
