// Builds the offline GraphiQL page: `npm run build:graphiql` -> dist/graphiql,
// served by our own server under /graphiql/ (no CDN at run time).
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from './precompress.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/graphiql', import.meta.url));

// Belt and braces: drop any remote @import (e.g. Google Fonts) a dependency's
// CSS might add in future, so the page never reaches the internet.
const stripRemoteCssImports = (): Plugin => ({
  name: 'strip-remote-css-imports',
  enforce: 'pre',
  transform(code, id) {
    if (!id.endsWith('.css')) return null;
    return code.replace(/@import\s+(url\()?\s*['"]?https?:\/\/[^;]*;/g, '');
  },
});

// React libraries ship "use client" / "use no memo" directives that are
// meaningless in a client-only bundle; hide the hundreds of warnings about them.
const quietDirectives = (): Plugin => ({
  name: 'quiet-module-level-directives',
  onLog: (_level, log) => log.code !== 'MODULE_LEVEL_DIRECTIVE',
});

export default defineConfig({
  root,
  base: '/graphiql/',
  // Brotli and gzip twins of every text asset, sent by Accept-Encoding (functions/local/http-server.ts).
  plugins: [stripRemoteCssImports(), quietDirectives(), precompress(outDir)],
  // Monaco workers are ES modules; the default 'iife' format can't code-split them.
  worker: { format: 'es', plugins: () => [quietDirectives()] },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000, // Monaco alone is several MB; that is expected.
  },
});
