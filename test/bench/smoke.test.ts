/**
 * The benchmark is not part of `npm test` (too slow, too noisy); this only
 * checks that it runs: one iteration, quick mode, five concurrent containers,
 * results into a temporary directory, every case in the JSON, nothing left.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { needsRoot, repoRoot } from '../helpers/tslab.js';

t.test('npm run bench runs with one iteration', async (t) => {
  if (!needsRoot(t)) return;
  const out = mkdtempSync(path.join(tmpdir(), 'tslab-bench-smoke-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const tsc = await execa(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repoRoot, 'bench', 'tsconfig.json')], { reject: false, cwd: repoRoot });
  t.equal(tsc.exitCode, 0, `bench compiles: ${tsc.stdout}`);
  const bench = await execa(process.execPath, [path.join(repoRoot, 'dist', 'bench', 'main.js'), '--quick', '--concurrent', '5', '--out', out], {
    reject: false,
    cwd: repoRoot,
    timeout: 170_000,
  });
  t.equal(bench.exitCode, 0, `bench exits 0: ${bench.stderr.slice(-2000)}`);
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as {
    cases: Record<string, { available: boolean; series: Record<string, { samples: number[] }> }>;
    targets: unknown[];
    leftovers: string[];
  };
  t.same(Object.keys(results.cases).sort(), ['api', 'bridge', 'cli', 'concurrent', 'memory', 'tui']);
  for (const name of ['cli', 'api', 'concurrent']) {
    for (const runtime of ['tslab', 'runc', 'crun']) {
      const series = Object.entries(results.cases[name]!.series).find(([key]) => key.startsWith(runtime))?.[1];
      t.equal(series?.samples.length, 1, `${name}: one ${runtime} sample`);
    }
  }
  t.ok(results.targets.length > 0, 'targets checked');
  t.same(results.leftovers, [], 'nothing left behind');
  t.match(readFileSync(path.join(out, 'RESULTS.md'), 'utf8'), /# tslab vs runc vs crun/);
});
