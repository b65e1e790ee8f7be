/**
 * Test helpers for users of `@pbxkit/yeastar-client`: a fake P-Series PBX (REST + WebSocket + webhook
 * sender) with scripted calls on a controllable clock, and a fake S-Series report pusher.
 *
 * @packageDocumentation
 */

export { type ClockTimer, FakeClock, type FakeClockOptions } from './clock.js';
export { type FakeApiResult, FakeAuth, type FakeAuthSettings, type FakeAuthStats } from './fake-auth.js';
export type {
  FakeLiveCall,
  FakePSeriesServerOptions,
  FakeTlsOptions,
  FakeWebhookDelivery,
  FakeWebhookTarget,
  StartedCall,
  TrafficCall,
} from './fake-p-series-options.js';
export { FakePSeriesServer } from './fake-p-series-server.js';
export {
  type FakeReportDelivery,
  FakeSSeriesReportPusher,
  type FakeSSeriesReportPusherOptions,
  FakeSSeriesServer,
  type FakeSSeriesServerOptions,
  type FakeSSeriesStats,
  toSSeriesV2Report,
  type WireObject,
} from './fake-s-series.js';
export {
  buildScenario,
  type CallScenario,
  type OutboundOutcome,
  type ScenarioContext,
  type ScenarioStep,
  type ScenarioTiming,
} from './scenarios.js';
export { createRandom, randomScenario, type TrafficOptions } from './traffic.js';
