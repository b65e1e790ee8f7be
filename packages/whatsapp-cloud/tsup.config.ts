import { createTsupConfig } from '../../tsup.config.base.js';

export default createTsupConfig({
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
  'fastify/index': 'src/fastify/index.ts',
});
