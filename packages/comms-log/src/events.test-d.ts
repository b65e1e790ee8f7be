import { expectTypeOf, test } from 'vitest';
import type { CommsLog } from './comms-log.js';
import type { CommsLogError } from './errors.js';
import type { CommsLogEvents, RelinkedEvent } from './events.js';
import type { CommsEntry, FollowUp } from './types.js';

test('event map', () => {
  expectTypeOf<CommsLogEvents['recorded']>().toEqualTypeOf<[entry: CommsEntry]>();
  expectTypeOf<CommsLogEvents['updated']>().toEqualTypeOf<[entry: CommsEntry, previous: CommsEntry]>();
  expectTypeOf<CommsLogEvents['relinked']>().toEqualTypeOf<[event: RelinkedEvent]>();
  expectTypeOf<CommsLogEvents['followUpOpened']>().toEqualTypeOf<[followUp: FollowUp, created: boolean]>();
  expectTypeOf<CommsLogEvents['followUpClosed']>().toEqualTypeOf<[followUp: FollowUp]>();
  expectTypeOf<CommsLogEvents['error']>().toEqualTypeOf<[error: CommsLogError]>();
  expectTypeOf<CommsLog['on']>().toBeFunction();
});
