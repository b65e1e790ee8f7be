import { createTsupConfig } from '../../tsup.config.base.js';

export default createTsupConfig({
  index: 'src/index.ts',
  'memory/index': 'src/memory/index.ts',
  'postgres/index': 'src/postgres/index.ts',
  'testing/index': 'src/testing/index.ts',
});
