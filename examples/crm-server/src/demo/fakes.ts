import { FakeAmiServer } from '@pbxkit/ami-client/testing';
import { FakeGraphApi } from '@pbxkit/whatsapp-cloud/testing';
import { FakeClock, FakePSeriesServer } from '@pbxkit/yeastar-client/testing';
import type { Config } from '../config.js';

/** The packages' fakes standing in for Asterisk, a Yeastar P-Series and Meta's Graph API. */
export interface DemoFakes {
  ami: FakeAmiServer;
  yeastar: FakePSeriesServer;
  yeastarClock: FakeClock;
  graph: FakeGraphApi;
  close(): Promise<void>;
}

const AMI_SECRET = 'demo-secret';
const YEASTAR_WEBHOOK_SECRET = 'demo-yeastar-webhook-secret-0032';

/**
 * Starts the fakes and returns the config pointing at them. With `DEMO_TRAFFIC` the clocks follow real
 * time; without it (tests) the Yeastar clock and Graph API clock are manual (`advance`).
 */
export async function startDemoFakes(config: Config): Promise<{ fakes: DemoFakes; config: Config }> {
  const realtime = config.DEMO_TRAFFIC;
  const ami = await FakeAmiServer.start({
    username: 'crm',
    secret: AMI_SECRET,
    // Click-to-call plays out at demo speed (agent rings 1.5 s, talk 8 s).
    timeScale: realtime ? 1 / config.DEMO_SPEED : 0.01,
    originate: { talkMs: 8000 },
  });
  const yeastarClock = realtime ? new FakeClock({ timeScale: 1 }) : new FakeClock();
  const yeastar = await FakePSeriesServer.start({
    clock: yeastarClock,
    callTimeScale: realtime ? 3 * config.DEMO_SPEED : 1,
    extensions: ['1000', '1001', '1002', '1003', '101', '102', '103'],
  });
  const graph = new FakeGraphApi({
    realtime,
    appSecret: 'demo-app-secret',
    verifyToken: 'demo-verify-token',
    // wamids derive from the seed: a fixed one would repeat the last run's ids into a kept database.
    ...(realtime ? { seed: Date.now() % 2_147_483_647 } : {}),
  });
  await graph.listen();
  const demoConfig: Config = {
    ...config,
    AMI_HOST: ami.host,
    AMI_PORT: ami.port,
    AMI_USERNAME: 'crm',
    AMI_SECRET,
    YEASTAR_URL: yeastar.url,
    YEASTAR_CLIENT_ID: yeastar.clientId,
    YEASTAR_CLIENT_SECRET: yeastar.clientSecret,
    YEASTAR_WEBHOOK_SECRET,
    WA_ACCESS_TOKEN: 'test-access-token',
    WA_PHONE_NUMBER_ID: graph.phoneNumberId,
    WA_GRAPH_URL: graph.url,
    META_APP_SECRET: graph.appSecret,
    META_VERIFY_TOKEN: graph.verifyToken,
  };
  return {
    config: demoConfig,
    fakes: {
      ami,
      yeastar,
      yeastarClock,
      graph,
      async close() {
        await Promise.allSettled([ami.close(), yeastar.close(), graph.close()]);
      },
    },
  };
}

/** Secret the fake Yeastar signs its webhooks with (the server's YEASTAR_WEBHOOK_SECRET in demo mode). */
export const DEMO_YEASTAR_WEBHOOK_SECRET = YEASTAR_WEBHOOK_SECRET;
