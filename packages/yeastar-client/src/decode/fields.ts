import { z } from 'zod';

/** Yeastar writes "empty" as `""` or `" "` (doc examples); both become `""`. Numbers become strings. */
export const text = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v),
  z.string(),
);

/** An optional text field: missing or `null` becomes `""`. */
export const optText = z.preprocess(
  (v) =>
    v === undefined || v === null
      ? ''
      : typeof v === 'number'
        ? String(v)
        : typeof v === 'string'
          ? v.trim()
          : v,
  z.string(),
);

/** Durations: integers on P-Series, strings on S-Series (`"38"`); missing or blank becomes 0. */
export const seconds = z.preprocess((v) => {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v.trim());
  return v;
}, z.number().int().nonnegative());
