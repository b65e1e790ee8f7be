// Small total readers for untrusted JSON: they never throw, they return undefined on a wrong type.
// The webhook hot path uses them instead of a schema library so that verify + parse stays within
// the benchmark budget (issue 5, "Speed"); `schemas.ts` holds the zod description of the same shapes.
import { createHash } from 'node:crypto';
import type { WebhookErrorObject } from '../errors.js';

/** A JSON object. */
export type Json = Record<string, unknown>;

export const rec = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;

export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Meta sends ids as strings but a hand-built test payload may use numbers; accept both. */
export const id = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

export const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
};

export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** Unix seconds (string or number) to a Date; undefined when absent or not a sane number. */
export const unixDate = (v: unknown): Date | undefined => {
  const seconds = num(v);
  return seconds === undefined || seconds < 0 ? undefined : new Date(seconds * 1000);
};

/** Reads Meta's webhook error objects, skipping entries without a numeric code. */
export function readErrors(v: unknown): WebhookErrorObject[] {
  const out: WebhookErrorObject[] = [];
  for (const item of arr(v)) {
    const e = rec(item);
    const code = num(e?.code);
    if (!e || code === undefined) continue;
    const error: WebhookErrorObject = { code };
    const title = str(e.title);
    const message = str(e.message);
    const details = str(rec(e.error_data)?.details);
    const href = str(e.href);
    if (title !== undefined) error.title = title;
    if (message !== undefined) error.message = message;
    if (details !== undefined) error.details = details;
    if (href !== undefined) error.href = href;
    out.push(error);
  }
  return out;
}

/** A key that is the same for the same content in every redelivery. */
export function contentKey(prefix: string, ...parts: unknown[]): string {
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
  return `${prefix}:${hash}`;
}
