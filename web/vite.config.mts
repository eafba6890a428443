import { defineConfig } from 'vite';

// The dashboard's build (`npm run build:web`, scripts/build-web.ts), with web/ as the root: everything it loads
// is bundled into dist/ and served by the API at /app/ — no CDN, nothing fetched at run time.
export default defineConfig({
  // Asset URLs are absolute under /app/, so a deep link (/app/customers/c-42) loads them too.
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Browsers with module scripts all preload modules: the polyfill would only add code.
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'es2022',
    // Nothing inlined as a data: URL: the CSP allows fonts and scripts from 'self' only.
    assetsInlineLimit: 0,
  },
});
