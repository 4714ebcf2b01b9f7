// E-mail address, stored lower-cased so that uniqueness and matching ignore case.
import { textKind } from './text-kind.ts';

// Deliberately simple: one @, a dot in the domain, no spaces. Full RFC 5322 rejects nothing useful.
const address = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export const email = textKind({
  name: 'email',
  maxLength: 254,
  sample: 'ada@example.com',
  valueFormat: 'email',
  format: {
    test: (value) => address.test(value),
    message: 'must be an e-mail address like name@example.com',
    normalize: (value) => value.trim().toLowerCase(),
  },
});
