import type { InboundResult, InboundSimulator } from './inbound.js';
import type { InboundSender } from './payloads.js';

/** Options of the demo traffic generator. */
export interface TrafficOptions {
  /** Average time between inbound messages (real ms). @defaultValue 4000 */
  intervalMs?: number;
  /** Customers who write in; a sender without `waId` simulates a username user. @defaultValue three demo customers */
  customers?: InboundSender[];
  /** Called after each simulated message (or with the error if the delivery failed). */
  onMessage?: (result: InboundResult | Error) => void;
}

const DEFAULT_CUSTOMERS: InboundSender[] = [
  { waId: '306974015758', name: 'Μαρία Παπαδοπούλου' },
  { waId: '16505551234', name: 'Sheena Nelson' },
  { userId: 'US.13491208655302741918', username: 'lucas.m', name: 'Lucas Martin' },
];

const TEXTS = [
  'Hi! Is my order on its way?',
  'Γειά σας, θα ήθελα μια προσφορά',
  'Can I change the delivery address?',
  'Thanks 👍',
  'Do you ship to Lyon / Paris?',
];

/** Produces a steady stream of every inbound type through the fake, on real timers (unref'd). */
export class TrafficGenerator {
  readonly #inbound: InboundSimulator;
  readonly #random: () => number;
  readonly #options: Required<Omit<TrafficOptions, 'onMessage'>> & Pick<TrafficOptions, 'onMessage'>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastWamid: string | undefined;

  /** Built by `FakeGraphApi.startTraffic`. */
  constructor(inbound: InboundSimulator, random: () => number, options: TrafficOptions) {
    this.#inbound = inbound;
    this.#random = random;
    this.#options = {
      intervalMs: options.intervalMs ?? 4000,
      customers: options.customers ?? DEFAULT_CUSTOMERS,
      onMessage: options.onMessage,
    };
  }

  /** Starts the stream. */
  start(): void {
    const tick = () => {
      this.#timer = setTimeout(
        () => {
          void this.emitOne().then(this.#options.onMessage, (error: Error) =>
            this.#options.onMessage?.(error),
          );
          tick();
        },
        this.#options.intervalMs * (0.5 + this.#random()),
      );
      this.#timer.unref();
    };
    tick();
  }

  /** Stops the stream. */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Emits one random inbound message now. */
  async emitOne(): Promise<InboundResult> {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(this.#random() * list.length)] as T;
    const from = pick(this.#options.customers);
    const kinds = [
      () => this.#inbound.text({ from, body: pick(TEXTS) }),
      () =>
        this.#inbound.text({
          from,
          body: 'Replying to your message',
          ...(this.#lastWamid ? { replyTo: this.#lastWamid } : {}),
        }),
      () => this.#inbound.image({ from, caption: 'Photo of the damaged box' }),
      () => this.#inbound.audio({ from }),
      () => this.#inbound.video({ from }),
      () => this.#inbound.document({ from, caption: 'Invoice', filename: 'invoice.pdf' }),
      () => this.#inbound.sticker({ from }),
      () =>
        this.#inbound.location({
          from,
          latitude: 37.9838,
          longitude: 23.7275,
          name: 'Syntagma',
          address: 'Athens',
        }),
      () =>
        this.#inbound.contacts({
          from,
          contacts: [
            { name: { formatted_name: 'Nikos K.' }, phones: [{ phone: '+30 697 000 0000', type: 'CELL' }] },
          ],
        }),
      () => this.#inbound.buttonReply({ from, id: 'yes', title: 'Yes' }),
      () => this.#inbound.listReply({ from, id: 'express', title: 'Express' }),
      () => this.#inbound.templateButton({ from, payload: 'STOP' }),
      () =>
        this.#lastWamid
          ? this.#inbound.reaction({ from, messageId: this.#lastWamid, emoji: '❤️' })
          : this.#inbound.text({ from, body: 'Hello' }),
      () =>
        this.#inbound.order({
          from,
          catalogId: '194836987003835',
          items: [{ productRetailerId: 'sku-1', quantity: 1, itemPrice: 25, currency: 'EUR' }],
        }),
      () => this.#inbound.unsupported({ from }),
    ];
    const result = await pick(kinds)();
    this.#lastWamid = result.wamid;
    return result;
  }
}
