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
export {
  type CallScenario,
  CallScenarioBuilder,
  type CallScenarioBuilderOptions,
  type ClickToCallOptions,
  type ExpectedCall,
  type InboundCallOptions,
  type InternalCallOptions,
  type OutboundCallOptions,
  type QueueCallOptions,
  type ScenarioEvent,
  type ScenarioOutcome,
  type TransferCallOptions,
} from './scenario-builder.js';
export { frame, type Headers, scenarioBytes, scenarioMessages, withTimestamp } from './wire.js';
