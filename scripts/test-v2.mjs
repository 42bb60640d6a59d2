#!/usr/bin/env node
// `npm run test:v2`: the engine's cgroup, doctor and lesson-3 tests on a pure
// cgroup-v2 kernel, in a VM (scripts/vm). Each test file is bundled to plain JS here,
// because tap's TypeScript loader takes minutes per file under emulation, and
// run with node in the VM, one after another. The output is one TAP stream, a
// subtest per file, ending like tap's own: "# { total: N, pass: N, fail: N }".
// Arguments: test files to run instead of the default set.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { runInVm } from './vm/boot.mjs';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// Two levels under dist/, as dist/src is: a lesson's steps are found at ../../lessons.
const outDir = path.join(repo, 'dist', 'vm', 'tests');
/**
 * The tests where cgroups are what is tested: the v2 driver, doctor, lesson 3,
 * and the CLI paths that create, limit, freeze, kill and gc them. Under
 * emulation a CLI call costs seconds, so the rest of test/engine (networking,
 * ttys, bad input, concurrency), which meets cgroups only on the way, runs on
 * the host; pass files as arguments to run any of them here.
 */
const DEFAULT_TESTS = [
  // Longest first: the lanes below take every other file.
  'test/engine/run.test.ts',
  'test/engine/lifecycle.test.ts',
  'test/engine/crash.test.ts',
  'test/lessons/03-cgroups.test.ts',
  'test/engine/doctor/doctor.test.ts',
  'test/engine/cgroups/v2.test.ts',
];
/** Per file in the VM (a hung file fails alone); the VM as a whole stops at VM_TIMEOUT_S, inside CI's 40 minutes. */
const FILE_TIMEOUT_S = 20 * 60;
const VM_TIMEOUT_S = 35 * 60;

const files = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_TESTS;
const bundleOf = (file) => path.join(outDir, file.replace(/^test\//, '').replace(/\.tsx?$/, '').replaceAll('/', '--') + '.js');

rmSync(path.join(repo, 'dist', 'vm'), { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints: Object.fromEntries(files.map((f) => [path.relative(outDir, bundleOf(f)).replace(/\.js$/, ''), path.join(repo, f)])),
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies load from node_modules as they do for the CLI; only test and tslab code is bundled.
  packages: 'external',
  logLevel: 'warning',
});

const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
// Files run in LANES at once, as many as the VM has CPUs: a test file mostly
// waits on one CLI call at a time, so one lane would leave a CPU idle. Every
// line of file I comes back as "I| line" (the lanes share one console), the
// last one being its exit status.
const LANES = 2;
const lane = (n) => files.map((f, i) => [f, i]).filter(([, i]) => i % LANES === n).flatMap(([f, i]) => [
  `{ echo "TSLAB-VM-FILE"; timeout -s KILL ${FILE_TIMEOUT_S} node ${q(bundleOf(f))} </dev/null; echo "TSLAB-VM-FILE-EXIT $?"; } 2>&1 | sed -u 's/^/${i}| /'`,
]);
const script = path.join(repo, 'dist', 'vm', 'run.sh');
writeFileSync(script, [
  'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=xterm-256color',
  `export CI=${q(process.env.CI ?? '')} TAP_TIMEOUT=${FILE_TIMEOUT_S} TSLAB_TEST_CLI_TIMEOUT_MS=300000`,
  `cd ${q(repo)}`,
  ...Array.from({ length: LANES }, (_, n) => lane(n)).filter((cmds) => cmds.length > 0).map((cmds) => `(\n${cmds.join('\n')}\n) &`),
  'wait',
].join('\n') + '\n');

const started = Date.now();
const totals = { total: 0, pass: 0, fail: 0, skip: 0 };
/** Per file index: its lines so far, its summary, when it started. Printed whole when it ends. */
const running = new Map();
let index = 0;
const finish = (i, exit) => {
  const file = running.get(i) ?? { lines: [], started };
  running.delete(i);
  const counts = file.summary ?? { total: 0, pass: 0 };
  for (const key of Object.keys(totals)) totals[key] += counts[key] ?? 0;
  // A file that crashed, timed out or never summed up fails even with no failed assertion.
  const broken = exit !== 0 && !(counts.fail > 0);
  if (broken) totals.fail += 1, totals.total += 1;
  const ok = exit === 0 && !broken;
  console.log(`# Subtest: ${files[i]}`);
  for (const line of file.lines) console.log(`    ${line}`);
  console.log(`${ok ? 'ok' : 'not ok'} ${++index} - ${files[i]} # time=${Date.now() - file.started}ms${broken ? ` (exit ${exit})` : ''}`);
};

console.log('TAP version 14');
console.log(`# pure cgroup v2 VM: ${files.length} test files, ${LANES} at a time`);
const status = await runInVm(script, {
  timeoutMs: VM_TIMEOUT_S * 1000,
  log: (line) => console.log(`# ${line}`),
  onLine: (raw) => {
    const tagged = /^(\d+)\| (.*)$/.exec(raw);
    if (!tagged) {
      if (raw.trim()) console.log(`# vm: ${raw}`);
      return;
    }
    const i = Number(tagged[1]);
    const line = tagged[2];
    const exit = /^TSLAB-VM-FILE-EXIT (\d+)$/.exec(line);
    if (line === 'TSLAB-VM-FILE') running.set(i, { lines: [], started: Date.now() });
    else if (exit) finish(i, Number(exit[1]));
    else {
      const file = running.get(i);
      const summary = /^# (\{ total: .*\})$/.exec(line);
      if (file && summary) file.summary = JSON.parse(summary[1].replace(/(\w+):/g, '"$1":'));
      file?.lines.push(line);
    }
  },
});
for (const i of [...running.keys()]) finish(i, 125);
if (index < files.length) {
  console.log(`not ok ${++index} - the VM ended before every file ran (status ${status})`);
  totals.fail += 1, totals.total += 1;
}
console.log(`1..${index}`);
console.log(`# pure cgroup v2 VM: ${Math.round((Date.now() - started) / 1000)} s`);
const shown = Object.entries(totals).filter(([key, n]) => key === 'total' || key === 'pass' || n > 0);
console.log(`# { ${shown.map(([key, n]) => `${key}: ${n}`).join(', ')} }`);
process.exit(totals.fail > 0 || status !== 0 ? 1 : 0);
