#!/usr/bin/env node
// Bundles the CLI into dist/bundle with esbuild. Loading ~60 small ES modules
// costs tslab run more than the container does (bench/RESULTS.md, case 1); one
// bundle, split at the CLI's lazy imports so each command loads only its own
// code, cuts that. The lessons' steps are entry points of the same build, so
// they share the CLI's modules (dist/bundle/lessons/ID/steps.js): one build,
// and tsc only type-checks.
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const lessons = readdirSync('lessons', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^\d\d-[a-z0-9-]+$/.test(entry.name))
  .map((entry) => ({ in: `lessons/${entry.name}/steps.ts`, out: `lessons/${entry.name}/steps` }));

await build({
  entryPoints: [{ in: 'src/cli/main.ts', out: 'main' }, ...lessons],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // koffi loads its native addon by path; blessed requires its widgets dynamically;
  // react-devtools-core is an optional import of Ink's that is never installed;
  // better-sqlite3 is a native addon; pg-native is pg's optional, never installed.
  external: ['koffi', 'blessed', 'blessed-contrib', 'react-devtools-core', 'better-sqlite3', 'pg-native'],
  // Bundled CommonJS dependencies call require(): give them one.
  banner: { js: "import { createRequire as __tslabCreateRequire } from 'node:module'; const require = __tslabCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
