import { defineConfig } from 'tsup';

// The server's runtime build: dependencies (the @pbxkit packages included) stay external, so `node
// dist/server/main.js` runs against the packages' own builds in node_modules.
export default defineConfig({
  entry: { main: 'src/main.ts', demo: 'src/demo.ts', 'hash-password': 'src/hash-password.ts' },
  outDir: 'dist/server',
  format: ['esm'],
  platform: 'node',
  target: 'node24',
  splitting: true,
  sourcemap: true,
  clean: true,
  dts: false,
});
