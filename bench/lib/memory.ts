/**
 * Case 5: what stays alive per detached container, and its resident size.
 * tslab: the tslab-shim monitor (the container's own process is the same
 * busybox `sleep` for every runtime and is reported apart). runc and crun with
 * `run -d`: the runtime exits once the container runs; what stays is only the
 * container's process (a manager's shim, conmon or containerd-shim, is not part
 * of runc/crun and is not installed here).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cmdlineOf, commOf, descendants, memoryOf, processesWithEnv, sleep, timed, type Memory } from './proc.js';
import { nextId } from './runtimes.js';
import type { CaseResult, Context } from './cases.js';
import { tslabBin } from './setup.js';

export interface Resident {
  runtime: string;
  /** Processes that exist per container besides the container's own command. */
  perContainer: Array<{ pid: number; name: string; memory: Memory }>;
  container?: Memory;
  error?: string;
}

async function tslabResident(ctx: Context): Promise<Resident> {
  const { env } = ctx.bench;
  const run = await timed(process.execPath, [tslabBin, 'run', '-d', ...(ctx.caps.net ? ['--net', 'none'] : []), 'busybox', 'sleep', '1000'], { env });
  if (run.code !== 0) return { runtime: 'tslab', perContainer: [], error: run.stderr.trim() };
  const id = run.stdout.trim().split('\n').pop()!;
  try {
    await sleep(300);
    const state = JSON.parse(readFileSync(path.join(env.TSLAB_RUN_DIR!, 'containers', id, 'state.json'), 'utf8')) as { shimPid: number; pid: number };
    const alive = processesWithEnv('TSLAB_RUN_DIR', env.TSLAB_RUN_DIR!).filter((pid) => pid !== state.pid);
    return {
      runtime: 'tslab',
      perContainer: alive.map((pid) => ({ pid, name: `${commOf(pid)}${pid === state.shimPid ? ' (shim)' : ''}`, memory: memoryOf(pid)! })).filter((p) => p.memory),
      ...(memoryOf(state.pid) ? { container: memoryOf(state.pid)! } : {}),
    };
  } finally {
    await timed(process.execPath, [tslabBin, 'rm', '-f', id], { env });
  }
}

async function ociResident(ctx: Context, runtime: 'runc' | 'crun'): Promise<Resident> {
  const root = runtime === 'runc' ? ctx.bench.runcRoot : ctx.bench.crunRoot;
  const id = nextId(ctx.bench, runtime);
  const run = await timed(runtime, ['--root', root, 'run', '-d', '--bundle', ctx.bench.bundles.sleep, id], { output: 'ignore' });
  if (run.code !== 0) return { runtime, perContainer: [], error: `${runtime} run -d exited ${run.code}` };
  try {
    await sleep(300);
    const state = await timed(runtime, ['--root', root, 'state', id]);
    const pid = (JSON.parse(state.stdout) as { pid: number }).pid;
    // Anything of the runtime still running for this id (there should be nothing).
    const alive = (await timed('pgrep', ['-f', id])).stdout.split('\n').filter(Boolean).map(Number).filter((p) => p !== pid && !descendants(pid).includes(p));
    return {
      runtime,
      perContainer: alive.map((p) => ({ pid: p, name: cmdlineOf(p).slice(0, 60), memory: memoryOf(p)! })).filter((p) => p.memory),
      ...(memoryOf(pid) ? { container: memoryOf(pid)! } : {}),
    };
  } finally {
    await timed(runtime, ['--root', root, 'delete', '--force', id]);
  }
}

export async function case5(ctx: Context, tuiIdle?: Memory): Promise<CaseResult> {
  const samples: Resident[] = [];
  for (let i = 0; i < Math.min(ctx.iterations, 3); i++) {
    for (const measure of [() => tslabResident(ctx), () => ociResident(ctx, 'runc'), () => ociResident(ctx, 'crun')]) samples.push(await measure());
    ctx.log(`case 5 ${i + 1}`);
  }
  return {
    id: 'memory',
    title: 'Resident memory of what stays alive per detached container',
    available: true,
    notes: [
      'runc/crun `run -d`: the runtime exits once the container runs; only the container process stays (a manager shim such as conmon or containerd-shim is not part of them)',
      'VmRSS counts shared pages (static binary text); PSS splits them among processes mapping them',
    ],
    series: {},
    extra: { samples, ...(tuiIdle ? { tslabStartIdle: tuiIdle } : {}) },
  };
}
