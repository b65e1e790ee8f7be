import { createTsupConfig } from '../../tsup.config.base.js';

export default createTsupConfig({
  index: 'src/index.ts',
  'testing/index': 'src/testing/index.ts',
});
