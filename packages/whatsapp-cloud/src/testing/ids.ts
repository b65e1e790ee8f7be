/** A small seeded PRNG (mulberry32): the fake's ids and choices repeat run after run for one seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (random: () => number, length: number) =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16))
    .join('')
    .toUpperCase();

/**
 * A wamid shaped like Meta's: `wamid.` + base64 of a small binary structure holding the user's
 * number and a random message key (`wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI…`). Only uniqueness matters.
 */
export function makeWamid(random: () => number, waId: string, outbound: boolean): string {
  const number = Buffer.from(waId.replace(/\D/g, '') || '0');
  const key = Buffer.from(hex(random, outbound ? 18 : 20));
  const bytes = Buffer.concat([
    Buffer.from([0x1c, 0x18, number.length]),
    number,
    Buffer.from([0x15, 0x02, 0x00, outbound ? 0x11 : 0x12, 0x18, key.length]),
    key,
    Buffer.from([0x00]),
  ]);
  return `wamid.${bytes.toString('base64')}`;
}

/** A numeric id like Meta's media and object ids (15–16 digits). */
export function makeNumericId(random: () => number): string {
  let id = String(1 + Math.floor(random() * 9));
  for (let i = 0; i < 15; i++) id += String(Math.floor(random() * 10));
  return id;
}
