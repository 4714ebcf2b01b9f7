// Web address: http(s) only, so a link in the UI can never run script.
import { textKind } from './text-kind.ts';

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

export const url = textKind({
  name: 'url',
  maxLength: 2048,
  sample: 'https://example.com',
  valueFormat: 'uri',
  format: {
    test: isWebAddress,
    message: 'must be a web address starting with http:// or https://',
    normalize: (value) => {
      const trimmed = value.trim();
      return /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
    },
  },
});
