import { AmiMessage } from '../protocol/message.js';
import type { CallScenario, ScenarioEvent } from './scenario-builder.js';

/** Header pairs of one wire message. */
export type Headers = Array<[string, string]>;

/** Serialize header pairs to one AMI frame (`k: v\r\n…\r\n`). */
export function frame(headers: Headers): string {
  let out = '';
  for (const [k, v] of headers) out += `${k}: ${v}\r\n`;
  return `${out}\r\n`;
}

/** Insert `Timestamp: <epoch.usec>` after `Privilege` (manager.conf `timestampevents=yes`). */
export function withTimestamp(headers: Headers, epochMs: number): Headers {
  const ts: [string, string] = ['Timestamp', (epochMs / 1000).toFixed(6)];
  const at = headers.findIndex(([k]) => k === 'Privilege');
  const out = headers.slice();
  out.splice(at === -1 ? 1 : at + 1, 0, ts);
  return out;
}

/**
 * A scenario as parsed messages with `Timestamp` headers and `receivedAt` set from
 * `startTime` (epoch ms): feed them to a `CallTracker` without any socket.
 */
export function scenarioMessages(scenario: CallScenario, startTime = Date.UTC(2026, 0, 1)): AmiMessage[] {
  return scenario.events.map((e: ScenarioEvent) => {
    const m = AmiMessage.fromHeaders(withTimestamp(e.headers, startTime + e.at));
    m.receivedAt = startTime + e.at;
    return m;
  });
}

/** A scenario as one AMI byte stream (no banner), e.g. to write an `.rx.ami`-like file. */
export function scenarioBytes(scenario: CallScenario, startTime = Date.UTC(2026, 0, 1)): Buffer {
  return Buffer.from(
    scenario.events.map((e) => frame(withTimestamp(e.headers, startTime + e.at))).join(''),
    'utf8',
  );
}
