import type { CallParty } from './types.js';

/** Splits `Name<number>` (cdr/list, timeline) into `{ name, number }`; plain numbers pass through. */
export function parseParty(raw: string): CallParty {
  const m = /^\s*(.*?)\s*<([^>]*)>\s*$/.exec(raw);
  if (m?.[2] !== undefined) {
    const name = (m[1] ?? '').replace(/^"|"$/g, '').trim();
    return name ? { number: m[2].trim(), name } : { number: m[2].trim() };
  }
  return { number: raw.trim() };
}
