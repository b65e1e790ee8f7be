/**
 * Test helpers for users of `@pbxkit/caller-lookup`: a scriptable fake provider and a fake HTTP CRM.
 *
 * @packageDocumentation
 */

export {
  FakeCrm,
  type FakeCrmAuth,
  type FakeCrmContact,
  type FakeCrmOptions,
  type FakeCrmRequest,
  startFakeCrm,
} from './fake-crm.js';
export {
  createFakeProvider,
  FakeProvider,
  type FakeProviderOptions,
  type FakeStep,
} from './fake-provider.js';
