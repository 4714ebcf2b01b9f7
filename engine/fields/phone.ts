// Phone number: digits with the usual separators and an optional leading +, as people type them.
import { textKind } from './text-kind.ts';

const phoneNumber = /^\+?[0-9][0-9 ()./-]{2,30}(\s*(x|ext\.?|#)\s*\d{1,6})?$/i;

export const phone = textKind({
  name: 'phone',
  maxLength: 40,
  sample: '+86 138 0013 8000',
  format: {
    test: (value) => phoneNumber.test(value) && (value.match(/\d/g)?.length ?? 0) >= 3,
    message: 'must be a phone number (digits, spaces, + ( ) - .)',
    normalize: (value) => value.trim(),
  },
});
