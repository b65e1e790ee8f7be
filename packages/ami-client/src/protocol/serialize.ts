import { AmiError } from '../errors.js';

/** A header value of an action: repeated when an array, omitted when `undefined`. */
export type AmiActionValue = string | number | boolean | undefined | readonly (string | number)[];

/** An action to send: its name plus headers (`Variable` may be an object of name → value). */
export interface AmiAction {
  /** The action name, e.g. `Originate`. */
  Action: string;
  /** Channel variables as `Variable: name=value` lines. */
  Variable?: Readonly<Record<string, string | number>> | readonly string[] | string;
  /** Any other header. */
  [header: string]: AmiActionValue | Readonly<Record<string, string | number>>;
}

// Asterisk reads at most 128 headers per action (AST_MAX_MANHEADERS, include/asterisk/manager.h).
const MAX_ACTION_HEADERS = 128;

/**
 * Serialize an action to wire text (`Key: Value\r\n…\r\n`). Rejects CR/LF inside keys or values
 * (header injection) and more than 128 headers, which Asterisk would silently truncate.
 */
export function serializeAction(action: AmiAction, actionId?: string): string {
  let out = `Action: ${clean('Action', action.Action)}\r\n`;
  let count = 1;
  const add = (k: string, v: string): void => {
    if (++count > MAX_ACTION_HEADERS) {
      throw new AmiError(
        `action ${action.Action} has more than ${MAX_ACTION_HEADERS} headers`,
        'invalid_action',
      );
    }
    out += `${clean(k, k)}: ${clean(k, v)}\r\n`;
  };
  if (actionId !== undefined) add('ActionID', actionId);
  for (const key of Object.keys(action)) {
    if (key === 'Action' || (actionId !== undefined && key.toLowerCase() === 'actionid')) continue;
    const value = action[key];
    if (value === undefined) continue;
    if (key === 'Variable' && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, v] of Object.entries(value as Record<string, string | number>))
        add('Variable', `${name}=${v}`);
    } else if (Array.isArray(value)) {
      for (const v of value) add(key, String(v));
    } else if (typeof value === 'boolean') {
      add(key, value ? 'true' : 'false');
    } else {
      add(key, String(value));
    }
  }
  return `${out}\r\n`;
}

function clean(key: string, value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new AmiError(`header ${key} contains CR or LF (header injection refused)`, 'invalid_action');
  }
  return value;
}

const SECRET_HEADERS = /^(secret|key)$/i;

/** Redact `Secret:` and `Key:` values from wire text for debug output. */
export function redact(wire: string): string {
  return wire.replace(/^([A-Za-z-]+): (.*)$/gm, (line, k: string) =>
    SECRET_HEADERS.test(k) ? `${k}: ***` : line,
  );
}
