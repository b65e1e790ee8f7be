import { describe, expect, it } from 'vitest';
import { readJsonPath } from './json-path.js';
import { placeholders, render, renderJson } from './template.js';

describe('templates', () => {
  it('encodes values for their place so input cannot change the request shape', () => {
    const values = { number: '../x?y=1#z&a=b' };
    expect(render('https://h/c/{{number}}', values, 'path')).toBe('https://h/c/..%2Fx%3Fy%3D1%23z%26a%3Db');
    expect(render('{{ number }}', values, 'raw')).toBe('../x?y=1#z&a=b');
    expect(() => render('v={{number}}', { number: 'a\r\nX-Evil: 1' }, 'header')).toThrow(/CR, LF or NUL/);
    expect(render('{{missing}}', {}, 'raw')).toBe('');
    expect(
      renderJson({ a: ['{{number}}', 1, null, true], b: { c: 'n={{number}}' } }, { number: '"1"' }),
    ).toEqual({
      a: ['"1"', 1, null, true],
      b: { c: 'n="1"' },
    });
    expect(placeholders('{{a}} {{ params.b }}')).toEqual(['a', 'params.b']);
  });
});

describe('JSON paths', () => {
  const doc = { data: [{ name: 'A', tags: ['x'] }, { name: 'B' }], 'odd.key': { v: 1 }, n: null };
  it.each([
    ['$', doc],
    ['$.data[1].name', 'B'],
    ['data[0].tags[0]', 'x'],
    ['data[*].name', ['A', 'B']],
    ["$['odd.key'].v", 1],
    ['$.missing.deep', undefined],
    ['n.x', undefined],
    ['data[5]', undefined],
    ['$["odd.key"][*]', [1]],
  ])('%s', (path, expected) => {
    expect(readJsonPath(doc, path)).toEqual(expected);
  });
  it.each(['a[', 'a..b', 'a[x]', '$x'])('rejects %s', (path) => {
    expect(() => readJsonPath(doc, path)).toThrow(SyntaxError);
  });
});
