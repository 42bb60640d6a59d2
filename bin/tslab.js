#!/usr/bin/env node
// Thin launcher. The CLI is built into dist/ by `npm run build`: most commands
// run from the esbuild bundle (fast start); the lesson commands run from the
// per-module build, because lessons/*/steps.js import the engine from there and
// must share its module instances (one transcript, one engine state).
const lessonCommands = new Set(['start', 'lesson', 'lessons']);
const entry = lessonCommands.has(process.argv[2]) ? '../dist/src/cli/main.js' : '../dist/bundle/main.js';
const { main } = await import(entry);

process.exitCode = await main(process.argv.slice(2));
