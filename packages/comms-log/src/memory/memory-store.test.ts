import { describe, it } from 'vitest';
import { createMemoryStore } from '@pbxkit/comms-log/memory';
import { testCommsLogStore } from '@pbxkit/comms-log/testing';

testCommsLogStore({ name: 'memory', create: () => createMemoryStore(), describe, it });
