import { expect, it } from 'vitest';
import { encodeMetaJson } from './meta-json.js';

it('serialises like Meta: compact, \\uXXXX lowercase with surrogate pairs, and \\/', () => {
  expect(encodeMetaJson({ t: 'café 👍 a/b', n: 1 })).toBe('{"t":"caf\\u00e9 \\ud83d\\udc4d a\\/b","n":1}');
  expect(encodeMetaJson({ plain: 'ascii only' })).toBe('{"plain":"ascii only"}');
  expect(JSON.parse(encodeMetaJson({ t: 'Ω/€\u2028' }))).toEqual({ t: 'Ω/€\u2028' });
});
