import { expect, test } from 'vitest';
import { parseParty } from './party.js';

test('Name<number> splits; plain numbers pass through', () => {
  expect(parseParty('Maria Papadopoulou<+302101234567>')).toEqual({
    name: 'Maria Papadopoulou',
    number: '+302101234567',
  });
  expect(parseParty('"Front desk" <2001>')).toEqual({ name: 'Front desk', number: '2001' });
  expect(parseParty('<2001>')).toEqual({ number: '2001' });
  expect(parseParty(' 2001 ')).toEqual({ number: '2001' });
});
