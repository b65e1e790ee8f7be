import { expectTypeOf, test } from 'vitest';
import type { z } from 'zod';
import type { AmiClient } from './ami-client.js';
import type { AmiEventFieldsMap } from './event-fields.js';
import type { AmiEvent, AmiEventOf } from './events.js';
import type { AmiClientOptions, amiClientOptionsSchema } from './options.js';
import type { KnownEventName } from './protocol/event-names.js';
import type { CallTracker } from './tracker/call-tracker.js';
import type { CallRecord, CallRingingEvent } from './tracker/types.js';

test('every known event name has typed fields, and only those', () => {
  expectTypeOf<KnownEventName>().toEqualTypeOf<keyof AmiEventFieldsMap>();
});

test('the union narrows on type and every field is a string', () => {
  const handle = (e: AmiEvent) => {
    if (e.type === 'Hangup') {
      expectTypeOf(e.fields.Cause).toEqualTypeOf<string>();
      expectTypeOf(e.fields['Cause-txt']).toEqualTypeOf<string>();
      expectTypeOf(e.fields.TechCause).toEqualTypeOf<string | undefined>();
    }
    if (e.type === 'DialBegin') {
      expectTypeOf(e.fields.DestUniqueid).toEqualTypeOf<string>();
      expectTypeOf(e.fields.Channel).toEqualTypeOf<string | undefined>();
    }
    if (e.type === 'unknown') expectTypeOf(e.fields).toEqualTypeOf<Record<string, string>>();
  };
  expectTypeOf(handle).toBeFunction();
});

test('typed listeners on the client and the tracker', () => {
  const wire = (client: AmiClient, tracker: CallTracker) => {
    client.on('Newchannel', (e) => expectTypeOf(e).toEqualTypeOf<AmiEventOf<'Newchannel'>>());
    client.on('reconnected', (info) => expectTypeOf(info.downtimeMs).toEqualTypeOf<number>());
    tracker.on('callEnded', (r) => expectTypeOf(r).toEqualTypeOf<CallRecord>());
    tracker.on('callRinging', (e) => expectTypeOf(e).toEqualTypeOf<CallRingingEvent>());
  };
  expectTypeOf(wire).toBeFunction();
});

test('the documented options interface matches the zod schema', () => {
  expectTypeOf<Omit<AmiClientOptions, 'reconnectStrategy'>>().toExtend<
    z.input<typeof amiClientOptionsSchema>
  >();
});
