/**
 * Why `tslab run` costs what it costs: V8 CPU profiles of the CLI, the ES
 * modules it loads, the helper processes it spawns (strace timeline) and the
 * engine's phases timed one by one in a warm process.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiWorker, type Context } from './cases.js';
import { summarizeProfile, type CpuProfile, type ProfileSummary } from './cpuprofile.js';
import { commandExists, timed } from './proc.js';
import { tslabRunArgs } from './runtimes.js';
import { repoRoot } from './setup.js';
import { summarize } from './stats.js';

export interface ProfileResult {
  command: string;
  runs: number;
  /** Median ms per category over the runs. */
  categories: Record<string, number>;
  tslabAreas: Record<string, number>;
  totalMs: number;
  top: ProfileSummary['top'];
  modules: { count: number; kib: number; byPackage: Array<{ name: string; count: number; kib: number }> };
  timeline?: Array<{ atMs: number; durationMs: number; program: string }>;
  /** The same with --net bridge -p, when the CLI has them. */
  bridgeTimeline?: Array<{ atMs: number; durationMs: number; program: string }>;
  phases?: Record<string, number>;
}

const medianOf = (values: number[]) => summarize(values)?.median ?? 0;

function medianRecord(records: Array<Record<string, number>>): Record<string, number> {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(keys.map((k) => [k, medianOf(records.map((r) => r[k] ?? 0))]));
}

async function loadedModules(ctx: Context, netArgs: string[], dir: string): Promise<ProfileResult['modules']> {
  const log = path.join(dir, 'modules.log');
  const register = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'module-register.js');
  await timed(process.execPath, ['--import', register, ...tslabRunArgs(netArgs)], { env: { ...ctx.bench.env, BENCH_MODULE_LOG: log } });
  const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:')))];
  const byPackage = new Map<string, { count: number; kib: number }>();
  let total = 0;
  for (const url of urls) {
    const file = fileURLToPath(url);
    const size = statSync(file).size / 1024;
    total += size;
    const name = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.startsWith(path.join(repoRoot, 'dist')) ? `tslab ${path.relative(path.join(repoRoot, 'dist', 'src'), path.dirname(file)).split(path.sep).slice(0, 2).join('/')}` : path.relative(repoRoot, file));
    const entry = byPackage.get(name) ?? { count: 0, kib: 0 };
    entry.count++;
    entry.kib += size;
    byPackage.set(name, entry);
  }
  return {
    count: urls.length,
    kib: Math.round(total),
    byPackage: [...byPackage.entries()].map(([name, v]) => ({ name, count: v.count, kib: Math.round(v.kib) })).sort((a, b) => b.kib - a.kib),
  };
}

/** strace -f: when each helper process ran, relative to the CLI's start. */
async function timeline(ctx: Context, netArgs: string[], dir: string): Promise<ProfileResult['timeline']> {
  if (!commandExists('strace')) return undefined;
  const out = path.join(dir, 'strace.txt');
  await timed('strace', ['-f', '-ttt', '-e', 'trace=execve,exit_group', '-e', 'signal=none', '-o', out, process.execPath, ...tslabRunArgs(netArgs)], { env: ctx.bench.env });
  const procs = new Map<number, { start: number; end?: number; program: string }>();
  let t0: number | undefined;
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const m = /^(\d+)\s+(\d+\.\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const [pid, ts, rest] = [Number(m[1]), Number(m[2]) * 1000, m[3]!];
    t0 ??= ts;
    const exec = /^execve\("([^"]+)", \[([^\]]*)\]/.exec(rest);
    if (exec && !/= -1/.test(rest)) {
      const args = exec[2]!.split(', ').map((a) => a.replace(/^"|"$/g, ''));
      procs.set(pid, { start: ts, program: [path.basename(exec[1]!), ...args.slice(1, 4)].join(' ') });
    } else if (/^(exit_group|\+\+\+ exited)/.test(rest)) {
      const p = procs.get(pid);
      if (p && p.end === undefined) p.end = ts;
    }
  }
  return [...procs.values()]
    .sort((a, b) => a.start - b.start)
    .map((p) => ({ atMs: p.start - t0!, durationMs: (p.end ?? p.start) - p.start, program: p.program }));
}

export async function profileRun(ctx: Context, runs = 5): Promise<ProfileResult> {
  const netArgs = ctx.caps.net ? ['--net', 'none'] : [];
  const dir = mkdtempSync(path.join(ctx.bench.base, 'profile-'));
  try {
    const summaries: ProfileSummary[] = [];
    for (let i = 0; i < runs; i++) {
      const profDir = path.join(dir, `prof-${i}`);
      const result = await timed(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '200', ...tslabRunArgs(netArgs)], { env: ctx.bench.env });
      if (result.code !== 0) throw new Error(`profiled run failed: ${result.stderr}`);
      const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!;
      summaries.push(summarizeProfile(JSON.parse(readFileSync(path.join(profDir, file), 'utf8')) as CpuProfile));
    }
    ctx.log('profile: cpu profiles done');
    const top = summaries[Math.floor(runs / 2)]!.top;
    const modules = await loadedModules(ctx, netArgs, dir);
    const steps = await timeline(ctx, netArgs, dir);
    const bridgeSteps = ctx.caps.net && ctx.caps.publish ? await timeline(ctx, ['--net', 'bridge', '-p', `${ctx.bench.hostPort}:80`], dir) : undefined;
    const worker = new ApiWorker(ctx.bench.env);
    const phaseRuns: Array<Record<string, number>> = [];
    try {
      await worker.request(undefined);
      for (let i = 0; i < runs; i++) {
        const answer = await worker.request('phases');
        if (answer.phases) phaseRuns.push(answer.phases as Record<string, number>);
      }
    } finally {
      await worker.close();
    }
    return {
      command: `tslab run --rm ${netArgs.join(' ')} busybox /bin/true`.replace(/ +/g, ' '),
      runs,
      categories: medianRecord(summaries.map((s) => s.categories)),
      tslabAreas: medianRecord(summaries.map((s) => s.tslabAreas)),
      totalMs: medianOf(summaries.map((s) => s.totalMs)),
      top,
      modules,
      ...(steps ? { timeline: steps } : {}),
      ...(bridgeSteps ? { bridgeTimeline: bridgeSteps } : {}),
      ...(phaseRuns.length ? { phases: medianRecord(phaseRuns) } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
