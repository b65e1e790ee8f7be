/**
 * Test helpers for users of `@pbxkit/yeastar-client`: a fake P-Series PBX (REST + WebSocket + webhook
 * sender) with scripted calls on a controllable clock, and a fake S-Series report pusher.
 *
 * @packageDocumentation
 */

export { type ClockTimer, FakeClock, type FakeClockOptions } from './clock.js';
export {
  FakePSeriesServer,
  type FakePSeriesServerOptions,
  type FakeWebhookDelivery,
  type FakeWebhookTarget,
} from './fake-p-series-server.js';
export {
  buildScenario,
  type CallScenario,
  type OutboundOutcome,
  type ScenarioContext,
  type ScenarioStep,
  type ScenarioTiming,
} from './scenarios.js';
export { createRandom, randomScenario, type TrafficOptions } from './traffic.js';
export {
  FakeSSeriesReportPusher,
  type FakeSSeriesReportPusherOptions,
  FakeSSeriesServer,
  type FakeSSeriesServerOptions,
  toSSeriesV2Report,
} from './fake-s-series.js';
