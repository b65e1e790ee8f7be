import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Vite's own TSX support (oxc, automatic JSX runtime): no plugin, nothing downloaded.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/webhooks': 'http://127.0.0.1:3000' } },
});
