import type { Customer, ScreenPop } from '../../src/api-types.ts';

export type { Customer, ScreenPop };
/** Typed fetch helpers for the server's JSON API (cookie session, same origin). */
export interface User {
  username: string;
  name: string;
  extension: string;
}
export interface Entry {
  id: string;
  source: string;
  externalId: string;
  channel: 'call' | 'whatsapp' | 'sms' | 'email' | 'note';
  direction: 'inbound' | 'outbound' | 'internal';
  occurredAt: string;
  counterpart: { phone?: string; waId?: string; name?: string };
  match: string;
  customerId?: string;
  /** Inbox rows: the matched customer's name. */
  customerName?: string;
  body?: string;
  status: string;
  data: { extension?: string; ringSeconds?: number; talkSeconds?: number; [k: string]: unknown };
  createdBy?: string;
}
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError(res.status, json?.error?.message ?? res.statusText);
  return json as T;
}

export const qs = (params: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const formatTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
