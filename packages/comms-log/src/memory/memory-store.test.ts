import { createMemoryStore } from '@pbxkit/comms-log/memory';
import { testCommsLogStore } from '@pbxkit/comms-log/testing';
import { describe, it } from 'vitest';

testCommsLogStore({ name: 'memory', create: () => createMemoryStore(), describe, it });
