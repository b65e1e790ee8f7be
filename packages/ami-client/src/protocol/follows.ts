import { AmiMessage } from './message.js';

/** First line of an Asterisk 13 Command response. */
export const FOLLOWS = 'Response: Follows\r\n';
/** The same, as bytes. */
export const FOLLOWS_BYTES = Buffer.from(FOLLOWS);
const END_COMMAND = '--END COMMAND--';

/** Offset of the `--END COMMAND--` that ends a Follows body (followed by a blank line), or -1. */
export function findEndCommand(text: string, from: number): number {
  let i = text.indexOf(END_COMMAND, from);
  while (i !== -1) {
    if (text.startsWith('\r\n\r\n', i + END_COMMAND.length)) return i;
    i = text.indexOf(END_COMMAND, i + 1);
  }
  return -1;
}

/**
 * Asterisk 13 `Response: Follows`: headers, then LF-separated CLI text (may hold blank lines), then
 * `--END COMMAND--` (research ami.md §4.3). Headers stay pairs; the text becomes `body`.
 */
export function parseFollows(text: string, s: number, endAt: number, source: string): AmiMessage {
  const raw = text.slice(s, endAt + END_COMMAND.length);
  const pairs: string[] = ['Response', 'Follows'];
  let ls = s + FOLLOWS.length;
  // Header lines end in CRLF and contain ": "; the body starts at the first line that does not.
  for (;;) {
    const le = text.indexOf('\r\n', ls);
    const lf = text.indexOf('\n', ls);
    if (le === -1 || le >= endAt || lf < le) break;
    const colon = text.indexOf(': ', ls);
    if (colon === -1 || colon > le) break;
    pairs.push(text.slice(ls, colon), text.slice(colon + 2, le));
    ls = le + 2;
  }
  let bodyText = text.slice(ls, endAt);
  if (bodyText.endsWith('\n')) bodyText = bodyText.slice(0, -1);
  const body =
    bodyText === '' ? [] : bodyText.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  return new AmiMessage('response', 'Follows', raw, source, body, pairs);
}
