// Multi-line text: notes, descriptions, summaries.
import { textKind } from './text-kind.ts';

export const longText = textKind({
  name: 'long_text',
  maxLength: 1_000_000,
  sample: 'Met at the trade fair.',
});
