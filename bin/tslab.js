#!/usr/bin/env node
// Thin launcher. The CLI and the lessons' steps are one esbuild bundle built
// into dist/ by `npm run build` (scripts/bundle.mjs).
const { main } = await import('../dist/bundle/main.js');

process.exitCode = await main(process.argv.slice(2));
