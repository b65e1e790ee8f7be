import type { CallScenario } from './scenarios.js';

/** Options of {@link randomScenario} / `FakePSeriesServer.startTraffic`. */
export interface TrafficOptions {
  /** Extensions that take part. @defaultValue ['1000', '1001', '1002', '1003'] */
  extensions?: string[];
  /** External numbers that call in and get called. @defaultValue a few Greek numbers */
  externalNumbers?: string[];
  /** Mean seconds (virtual) between call starts. @defaultValue 20 */
  meanIntervalSeconds?: number;
  /** Seed of the pseudo-random generator (same seed, same traffic). @defaultValue 1 */
  seed?: number;
}

/** A small deterministic PRNG (mulberry32), so demo traffic and tests are reproducible. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Picks one realistic call: inbound answered/missed/ring group/voicemail, outbound, internal, transfer, forward. */
export function randomScenario(random: () => number, options: TrafficOptions = {}): CallScenario {
  const exts = options.extensions ?? ['1000', '1001', '1002', '1003'];
  const outside = options.externalNumbers ?? [
    '+302101234567',
    '+306974015758',
    '+302310555123',
    '+442079460000',
  ];
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const two = () => {
    const a = pick(exts);
    const rest = exts.filter((e) => e !== a);
    return [a, pick(rest.length ? rest : exts)] as const;
  };
  const ringSeconds = 2 + Math.floor(random() * 10);
  const talkSeconds = 5 + Math.floor(random() * 120);
  const r = random();
  const [a, b] = two();
  if (r < 0.3)
    return { kind: 'inbound', from: pick(outside), extensions: [a], answeredBy: a, ringSeconds, talkSeconds };
  if (r < 0.4) return { kind: 'inbound', from: pick(outside), extensions: [a], ringSeconds, talkSeconds };
  if (r < 0.47)
    return {
      kind: 'inbound',
      from: pick(outside),
      extensions: [a, b],
      answeredBy: b,
      ringSeconds,
      talkSeconds,
    };
  if (r < 0.5)
    return {
      kind: 'inbound',
      from: pick(outside),
      extensions: [a],
      voicemail: true,
      ringSeconds,
      talkSeconds,
    };
  if (r < 0.72) {
    const outcome = pick(['answered', 'answered', 'answered', 'busy', 'no-answer', 'failed'] as const);
    return { kind: 'outbound', extension: a, to: pick(outside), outcome, ringSeconds, talkSeconds };
  }
  if (r < 0.86)
    return { kind: 'internal', from: a, to: b, answered: random() < 0.8, ringSeconds, talkSeconds };
  if (r < 0.93)
    return { kind: 'transfer', from: pick(outside), extension: a, transferTo: b, ringSeconds, talkSeconds };
  const c = exts.find((e) => e !== a && e !== b) ?? a;
  return { kind: 'forward', from: a, to: b, forwardTo: c, ringSeconds, talkSeconds };
}
