import { CallScenarioBuilder } from '@pbxkit/ami-client/testing';
import type { Config } from '../config.js';
import type { DemoFakes } from './fakes.js';

const CUSTOMERS = ['+306974015758', '+16505551234', '+302101234567', '+447700900123'];
const STRANGERS = ['+306945550199', '+4930901820', '+33612345678'];
const DID = '2105551000';

let epoch = 0;
/**
 * A builder whose Uniqueids (and so Linkedids, the comms-log key) never repeat: each call gets its own
 * block of 100 "seconds", starting from now × 1000 so a restarted demo never reuses an earlier run's ids.
 */
export function freshBuilder(): CallScenarioBuilder {
  epoch = Math.max(epoch + 100, Math.floor(Date.now() / 1000) * 1000);
  return new CallScenarioBuilder({ epoch, names: { '101': 'Demo Agent', '102': 'Nikos', '103': 'Eleni' } });
}

type Step = (b: CallScenarioBuilder, pick: <T>(xs: readonly T[]) => T) => CallScenarioBuilder;

/** The AMI call mix of the demo: mostly inbound to ext 101 (the demo login), some missed, queue, transfer. */
const STEPS: Step[] = [
  (b, pick) => b.inbound({ from: pick(CUSTOMERS), did: DID, extension: '101', ringMs: 4000, talkMs: 15000 }),
  (b, pick) =>
    b.inbound({ from: pick(STRANGERS), did: DID, extension: '101', ringMs: 6000, outcome: 'missed' }),
  (b, pick) => b.outbound({ extension: '101', to: pick(CUSTOMERS), ringMs: 3000, talkMs: 12000 }),
  (b, pick) =>
    b.queue({
      from: pick(CUSTOMERS),
      did: '2105551400',
      queue: '400',
      members: ['101', '102'],
      answeredBy: pick(['101', '102']),
      ringMs: 5000,
      talkMs: 10000,
    }),
  (b, pick) =>
    b.blindTransfer({
      from: pick(CUSTOMERS),
      did: DID,
      extension: '102',
      to: '101',
      ringMs: 3000,
      talkMs: 6000,
    }),
  (b, pick) =>
    b.inbound({ from: pick(CUSTOMERS), did: DID, extension: '101', ringMs: 8000, outcome: 'missed' }),
];

/**
 * Continuous demo traffic at a human pace: an AMI call every ~20 s (scaled by DEMO_SPEED), Yeastar calls,
 * inbound WhatsApp messages from the seeded customers. Returns a stop function.
 */
export function startTraffic(fakes: DemoFakes, config: Config, onError: (e: unknown) => void): () => void {
  const abort = new AbortController();
  let seed = 7;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const speed = config.DEMO_SPEED;

  const loop = async () => {
    // The first call rings soon after start so a newcomer sees a screen pop right away.
    await sleep(3000 / speed, abort.signal);
    let i = 0;
    while (!abort.signal.aborted) {
      const step = i === 0 ? STEPS[0] : pick(STEPS);
      i++;
      const scenario = (step as Step)(freshBuilder(), pick).build();
      await fakes.ami.play(scenario, { timeScale: 1 / speed, signal: abort.signal });
      await sleep((8000 + random() * 12000) / speed, abort.signal);
    }
  };
  loop().catch((e) => {
    if (!abort.signal.aborted) onError(e);
  });

  const stopYeastar = fakes.yeastar.startTraffic({
    extensions: ['101', '102', '1000'],
    externalNumbers: CUSTOMERS,
    meanIntervalSeconds: 90,
    seed: 3,
  });
  const stopWhatsApp = fakes.graph.startTraffic({
    intervalMs: 25000 / speed,
    customers: [
      { waId: '306974015758', name: 'Maria Papadopoulou' },
      { waId: '16505551234', name: 'Sheena Nelson' },
      { waId: '306945550199', name: 'Unknown sender' },
    ],
    onMessage: (r) => {
      if (r instanceof Error) onError(r);
    },
  });
  return () => {
    abort.abort();
    stopYeastar();
    stopWhatsApp();
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
