/**
 * Builds the program as one ES module bundle (dist/cli.js plus chunks loaded on demand). Loading a
 * few large files instead of hundreds of small ones makes the server start several times faster.
 * Type checking is separate: `npm run typecheck`.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // The native SQLite binding stays a normal dependency.
  external: ['better-sqlite3'],
  // Bundled CommonJS packages call require(); give them one.
  banner: {
    js: "import { createRequire as __waCreateRequire } from 'node:module'; const require = __waCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
