/**
 * `npm run bench`: tslab side by side with runc and crun (issue 5).
 *
 *   node dist/bench/main.js [--iterations N] [--quick] [--no-profile] [--concurrent N] [--out DIR]
 *
 * The outer process installs what is missing, then re-executes itself under
 * `unshare --mount --propagation private` (a host process; Node never calls
 * unshare on itself), where /sys/fs/cgroup/unified is unmounted so every runtime
 * sees pure cgroup v1 (crun 1.8 refuses the hybrid layout). Nothing of that
 * namespace persists. Writes OUT/RESULTS.md and OUT/results.json (OUT: bench/).
 */
import { spawn } from 'node:child_process';
import { cpus, release } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { case1, case2, case3, case4, type CaseResult, type Context } from './lib/cases.js';
import { case5 } from './lib/memory.js';
import { profileRun } from './lib/profile.js';
import { timed } from './lib/proc.js';
import { consoleTable, markdown, type Results } from './lib/report.js';
import { tslabCapabilities, versions } from './lib/runtimes.js';
import { cleanUp, ensurePackages, leftovers, makeBenchEnv, makeBundles, repoRoot, tslabBin, unmountUnified } from './lib/setup.js';
import { checkTargets } from './lib/targets.js';
import { case6 } from './lib/tui.js';
import { cloneSection } from './lib/clone-section.js';

interface Options {
  iterations: number;
  profile: boolean;
  out: string;
  inner: boolean;
  /** Containers started at once in case 4. */
  concurrent: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { iterations: 15, profile: true, out: path.join(repoRoot, 'bench'), inner: false, concurrent: 20 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') {
      options.iterations = 1;
      options.profile = false;
    } else if (arg === '--iterations') options.iterations = Math.max(1, Number.parseInt(argv[++i] ?? '', 10) || 1);
    else if (arg === '--concurrent') options.concurrent = Math.max(1, Number.parseInt(argv[++i] ?? '', 10) || 20);
    else if (arg === '--no-profile') options.profile = false;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--out') options.out = path.resolve(argv[++i] ?? '.');
    else if (arg === '--inner') options.inner = true;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run bench -- [--iterations N] [--quick] [--no-profile] [--concurrent N] [--out DIR]');
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

async function outer(argv: string[], options: Options): Promise<number> {
  if (process.geteuid?.() !== 0) {
    console.error('bench: run as root (it starts containers with tslab, runc and crun)');
    return 1;
  }
  for (const need of [path.join(repoRoot, 'dist', 'bundle', 'main.js'), path.join(repoRoot, 'dist', 'src', 'engine', 'engine.js'), path.join(repoRoot, 'native', 'build', 'tslab-shim')]) {
    if (!existsSync(need)) {
      console.error(`bench: ${need} is missing; build first (npm run build, then tsc -p bench/tsconfig.json)`);
      return 1;
    }
  }
  await ensurePackages({ runc: 'runc', crun: 'crun', ...(options.profile ? { strace: 'strace' } : {}), unshare: 'util-linux', tmux: 'tmux' });
  const self = fileURLToPath(import.meta.url);
  const child = spawn('unshare', ['--mount', '--propagation', 'private', process.execPath, self, '--inner', ...argv], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

function machine(): Record<string, string> {
  const osRelease = readFileSync('/etc/os-release', 'utf8');
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: String(cpus().length),
    kernel: release(),
    os: /^PRETTY_NAME="?([^"\n]*)/m.exec(osRelease)?.[1] ?? 'unknown',
  };
}

async function inner(options: Options): Promise<number> {
  const started = Date.now();
  const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
  const namespace = await unmountUnified();
  const bench = makeBenchEnv();
  const cases: Record<string, CaseResult> = {};
  let results: Results | undefined;
  const interrupted = async () => {
    log('interrupted: cleaning up');
    await cleanUp(bench);
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    // The first tslab run builds the busybox sandbox the bundles then use.
    const caps = await tslabCapabilities(bench);
    const first = await timed(process.execPath, [tslabBin, 'run', '--rm', ...(caps.net ? ['--net', 'none'] : []), 'busybox', '/bin/true'], { env: bench.env });
    if (first.code !== 0) throw new Error(`tslab run failed: ${first.stderr.trim()}`);
    await makeBundles(bench);
    const ctx: Context = { bench, caps, iterations: options.iterations, log };
    for (const warm of ['runc', 'crun'] as const) await timed(warm, ['--version']);
    cases.cli = await case1(ctx);
    cases.api = await case2(ctx);
    cases.bridge = await case3(ctx);
    cases.concurrent = await case4(ctx, options.concurrent);
    const tui = await case6(ctx);
    cases.memory = await case5(ctx, tui.idle);
    cases.tui = tui.result;
    const profile = options.profile ? await profileRun(ctx) : undefined;
    let git = (await timed('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD'])).stdout.trim();
    if ((await timed('git', ['-C', repoRoot, 'status', '--porcelain', '--untracked-files=no', 'src', 'native'])).stdout.trim()) git += ' (+ uncommitted changes in src/native)';
    results = {
      date: new Date().toISOString(),
      machine: machine(),
      versions: { ...(await versions()), 'tslab commit': git },
      iterations: options.iterations,
      namespace: `Run in a private mount namespace (${namespace})`,
      cases,
      targets: checkTargets(cases),
      ...(profile ? { profile } : {}),
      leftovers: [],
    };
  } finally {
    const problems = await cleanUp(bench);
    const left = [...problems, ...(await leftovers(bench))];
    if (results) results.leftovers = left;
    if (left.length) log(`left behind: ${left.join(', ')}`);
  }
  mkdirSync(options.out, { recursive: true });
  writeFileSync(path.join(options.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  // Sections written by other runs (bench:clone, bench:workshop, the soak) are kept.
  const clone = cloneSection(path.join(options.out, 'RESULTS.md'));
  const previous = existsSync(path.join(options.out, 'RESULTS.md')) ? readFileSync(path.join(options.out, 'RESULTS.md'), 'utf8') : '';
  const workshop = /<!-- workshop:start -->[\s\S]*<!-- workshop:end -->/.exec(previous)?.[0] ?? '';
  // The soak's section is last (bench/soak.ts rewrites from its heading to the end).
  const soak = previous.includes('\n## Soak') ? previous.slice(previous.indexOf('\n## Soak')) : '';
  const kept = [clone, workshop].filter(Boolean).map((section) => `\n${section}\n`).join('');
  writeFileSync(path.join(options.out, 'RESULTS.md'), `${markdown(results).trimEnd()}\n${kept}${soak}`);
  console.log(consoleTable(results));
  console.log(`\nbench: ${((Date.now() - started) / 1000).toFixed(0)} s; wrote ${path.join(options.out, 'RESULTS.md')} and results.json`);
  return results.leftovers.length ? 1 : 0;
}

const argv = process.argv.slice(2);
const options = parseOptions(argv);
process.exitCode = await (options.inner ? inner(options) : outer(argv.filter((a) => a !== '--inner'), options));
