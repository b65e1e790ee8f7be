import { CommsLogValidationError } from './errors.js';

// Opaque keyset cursors: base64url of "<ISO time>|<id>". Keyset (not offset) pagination stays stable when
// new entries arrive while a user pages: a page starts strictly after the last item seen.

/** Encodes a position as an opaque cursor. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

/** A decoded cursor: the last item's time and id. */
export interface CursorPosition {
  /** The last item's sort time. */
  at: Date;
  /** The last item's id. */
  id: string;
}

/** Decodes a cursor from {@link encodeCursor}; throws a validation error for anything else. */
export function decodeCursor(cursor: string): CursorPosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const sep = text.indexOf('|');
  const at = new Date(text.slice(0, sep));
  const id = text.slice(sep + 1);
  if (sep < 0 || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw new CommsLogValidationError('Invalid cursor', [
      { path: 'cursor', message: 'is not a cursor of this log' },
    ]);
  }
  return { at, id };
}
