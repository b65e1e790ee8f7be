/**
 * Test helpers of `@pbxkit/ami-client`: a fake AMI server over real TCP, a call scenario builder
 * producing realistic Asterisk/FreePBX event sequences, and wire helpers.
 *
 * @packageDocumentation
 */

export {
  type FakeActionHandler,
  FakeAmiServer,
  type FakeAmiServerOptions,
  type FakeReply,
} from './fake-ami-server.js';
export { CallScenarioBuilder } from './scenario-builder.js';
export type {
  CallScenario,
  CallScenarioBuilderOptions,
  ClickToCallOptions,
  ExpectedCall,
  InboundCallOptions,
  InternalCallOptions,
  OutboundCallOptions,
  QueueCallOptions,
  RandomCallsOptions,
  ScenarioEvent,
  ScenarioOutcome,
  TransferCallOptions,
} from './scenario-types.js';
export { frame, type Headers, scenarioBytes, scenarioMessages, withTimestamp } from './wire.js';
