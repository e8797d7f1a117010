import { defineConfig } from 'vite';

/**
 * The officers' console: static files in dist/console, served by the gateway at `/` (see apps/gateway/src/console).
 * The region registry comes from libs/region's cities.ts alone (its index also holds Node-only id helpers).
 */
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  resolve: {
    alias: {
      '@ypf/region': new URL('../../libs/region/src/cities.ts', import.meta.url).pathname,
      '@ypf/capabilities': new URL('../../libs/region/src/capabilities.ts', import.meta.url).pathname,
      '@ypf/notice-kinds': new URL('../../libs/region/src/notice-kinds.ts', import.meta.url).pathname,
      '@ypf/vocabulary': new URL('../../libs/region/src/vocabulary.ts', import.meta.url).pathname,
    },
  },
  build: {
    outDir: new URL('../../dist/console', import.meta.url).pathname,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  logLevel: 'warn',
});
