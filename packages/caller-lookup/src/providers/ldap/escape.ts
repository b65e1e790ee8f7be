/**
 * Escape a value for an LDAP search filter (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL become `\2a`,
 * `\28`, `\29`, `\5c`, `\00`. Other control characters are hex-escaped too, so a logged filter is
 * readable and no server's parser can be surprised. The caller id is attacker-controlled: without
 * this, `*)(uid=*))(|(uid=*` rewrites the query (FreePBX Superfecta's LDAP source does exactly that).
 */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '*' || ch === '(' || ch === ')' || ch === '\\' || code < 0x20 || code === 0x7f) {
      out += `\\${code.toString(16).padStart(2, '0')}`;
    } else out += ch;
  }
  return out;
}

/**
 * Escape a value for use as an RDN attribute value in a DN (RFC 4514 §2.4): `"`, `+`, `,`, `;`, `<`,
 * `>`, `\` get a backslash; `#` or a space at the start, a space at the end and NUL are escaped too.
 * `CN=Doe, John` must be written `CN=Doe\, John` (Active Directory's default naming).
 */
export function escapeDnValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\0') out += '\\00';
    else if ('"+,;<>\\='.includes(ch)) out += `\\${ch}`;
    else if ((i === 0 && (ch === ' ' || ch === '#')) || (i === value.length - 1 && ch === ' '))
      out += `\\${ch}`;
    else out += ch;
  }
  return out;
}
