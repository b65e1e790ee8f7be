import type { CallTracker as AmiCallTracker, AmiClient } from '@pbxkit/ami-client';
import type { CallerLookup } from '@pbxkit/caller-lookup';
import type { CommsLog } from '@pbxkit/comms-log';
import type { WebhookReceiver, WhatsAppClient } from '@pbxkit/whatsapp-cloud';
import type { CallTracker as YeastarCallTracker, YeastarPSeriesClient } from '@pbxkit/yeastar-client';
import type { SessionSigner, TokenTable, User } from '../auth.js';
import type { Cluster } from '../cluster.js';
import type { Config } from '../config.js';
import type { CustomerService } from '../customers.js';
import type { CallIngestStats } from '../ingest/calls.js';
import type { WhatsAppIngestStats } from '../ingest/whatsapp.js';
import type { LiveHub } from '../live.js';
import type { Db } from '../store/db.js';
import type { UserRepository } from '../store/users.js';

/** Everything the routes use, built by the composition root (`main.ts`). */
export interface AppContext {
  config: Config;
  db: Db;
  log: CommsLog;
  customers: CustomerService;
  users: UserRepository;
  sessions: SessionSigner;
  tokens: TokenTable;
  live: LiveHub;
  lookup: CallerLookup;
  ami?: { client: AmiClient; tracker: AmiCallTracker; stats: CallIngestStats };
  yeastar?: { client: YeastarPSeriesClient; tracker: YeastarCallTracker; stats: CallIngestStats };
  whatsapp?: { client: WhatsAppClient; receiver: WebhookReceiver; stats: WhatsAppIngestStats };
  /** Cluster coordination (CLUSTER=1). */
  cluster?: Cluster;
  /** Where the built UI is (served at `/`), if built. */
  uiDir?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user (set by the auth hook on /api routes). */
    user?: User;
  }
}
