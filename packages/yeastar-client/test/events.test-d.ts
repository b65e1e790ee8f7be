import { expectTypeOf, test } from 'vitest';
import type {
  CallAnsweredEvent,
  CallRingingEvent,
  CallTrackerEvents,
  ConnectionGap,
  SkippedEvent,
  YeastarCallRecord,
  YeastarError,
  YeastarEvent,
  YeastarPSeriesClientEvents,
  YeastarSSeriesClientEvents,
} from '../src/index.js';

test('client event maps are pinned', () => {
  expectTypeOf<YeastarPSeriesClientEvents['event']>().toEqualTypeOf<[event: YeastarEvent]>();
  expectTypeOf<YeastarPSeriesClientEvents['skipped']>().toEqualTypeOf<[skipped: SkippedEvent]>();
  expectTypeOf<YeastarPSeriesClientEvents['reconnected']>().toEqualTypeOf<[gap: ConnectionGap]>();
  expectTypeOf<YeastarPSeriesClientEvents['error']>().toEqualTypeOf<[error: YeastarError]>();
  expectTypeOf<YeastarSSeriesClientEvents['event']>().toEqualTypeOf<[event: YeastarEvent]>();
});

test('tracker event map and the shared CallRecord vocabulary', () => {
  expectTypeOf<CallTrackerEvents['callRinging']>().toEqualTypeOf<[event: CallRingingEvent]>();
  expectTypeOf<CallTrackerEvents['callAnswered']>().toEqualTypeOf<[event: CallAnsweredEvent]>();
  expectTypeOf<CallTrackerEvents['callEnded']>().toEqualTypeOf<[record: YeastarCallRecord]>();
  expectTypeOf<YeastarCallRecord['disposition']>().toEqualTypeOf<
    'answered' | 'missed' | 'busy' | 'failed' | 'voicemail' | 'abandoned'
  >();
  expectTypeOf<YeastarCallRecord['source']>().toEqualTypeOf<'asterisk' | 'yeastar'>();
  expectTypeOf<Extract<YeastarEvent, { kind: 'callStateChanged' }>['type']>().toEqualTypeOf<30011>();
});
