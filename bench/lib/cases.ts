/** Cases 1 to 4: start-to-exit times, tslab vs runc vs crun, alternating. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { timed } from './proc.js';
import { startToExit, tslabRunArgs, type Capabilities, type Runtime } from './runtimes.js';
import { alternate, type Attempt, type Series } from './series.js';
import { repoRoot, tslabBin, type BenchEnv } from './setup.js';

export interface CaseResult {
  id: string;
  title: string;
  available: boolean;
  /** Why not available, or what differs from the wording. */
  notes: string[];
  series: Record<string, Series>;
  extra?: Record<string, unknown>;
}

export interface Context {
  bench: BenchEnv;
  caps: Capabilities;
  iterations: number;
  log: (text: string) => void;
}

const attempt = (run: () => Promise<{ ms: number; cpuMs: number; code: number | null; stderr: string }>): Attempt => async () => {
  const result = await run();
  return { ms: result.ms, cpuMs: result.cpuMs, ok: result.code === 0, error: `exit ${result.code}: ${result.stderr.trim()}` };
};

const runtimeAttempt = (ctx: Context, runtime: Runtime): Attempt => attempt(() => startToExit(ctx.bench, runtime, ctx.caps));

export async function case1(ctx: Context): Promise<CaseResult> {
  const notes = ctx.caps.net ? [] : ['`tslab run` has no --net yet: tslab ran with its default network (bridge), not --net none'];
  const series = await alternate(ctx.iterations, {
    tslab: runtimeAttempt(ctx, 'tslab'),
    runc: runtimeAttempt(ctx, 'runc'),
    crun: runtimeAttempt(ctx, 'crun'),
    'node -e 0': runtimeAttempt(ctx, 'node -e 0'),
  }, (p) => ctx.log(`case 1 ${p}`));
  return { id: 'cli', title: 'CLI: start to exit of /bin/true, no network', available: true, notes, series };
}

/** The engine in a long-lived Node process (bench/api-worker.ts), timed inside it. */
export class ApiWorker {
  readonly #child;
  readonly #lines: AsyncIterator<string>;
  readonly #closed: Promise<unknown>;

  constructor(env: NodeJS.ProcessEnv) {
    const worker = path.join(repoRoot, 'dist', 'bench', 'api-worker.js');
    this.#child = spawn(process.execPath, [worker], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    this.#closed = new Promise((resolve) => this.#child.once('close', resolve));
    this.#lines = createInterface({ input: this.#child.stdout! })[Symbol.asyncIterator]();
  }

  async request(line: string | undefined): Promise<Record<string, unknown>> {
    if (line !== undefined) this.#child.stdin!.write(`${line}\n`);
    for (;;) {
      const next = await this.#lines.next();
      if (next.done) throw new Error('the API worker ended');
      if (next.value.startsWith('{')) return JSON.parse(next.value) as Record<string, unknown>;
    }
  }

  async close(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.stdin!.end('quit\n');
    await Promise.race([this.#closed, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    this.#child.kill('SIGKILL');
  }
}

export async function case2(ctx: Context): Promise<CaseResult> {
  const worker = new ApiWorker(ctx.bench.env);
  try {
    const ready = await worker.request(undefined);
    if (ready.error) throw new Error(String(ready.error));
    const api: Attempt = async () => {
      const answer = await worker.request('run');
      return { ms: Number(answer.ms), ok: answer.exitCode === 0, error: String(answer.error ?? `exit ${answer.exitCode}`) };
    };
    const series = await alternate(ctx.iterations, { 'tslab API': api, runc: runtimeAttempt(ctx, 'runc'), crun: runtimeAttempt(ctx, 'crun') }, (p) => ctx.log(`case 2 ${p}`));
    return {
      id: 'api',
      title: 'Engine API in a running Node process (warm) vs whole `runc run` / `crun run`',
      available: true,
      notes: ['tslab timed inside its process (validate -> runContainer -> wait, net none); runc/crun timed around their whole process'],
      series,
      extra: { engineImportMs: ready.loadMs },
    };
  } finally {
    await worker.close();
  }
}

export async function case3(ctx: Context): Promise<CaseResult> {
  const title = 'Bridge network + one published port vs --net none (tslab CLI)';
  if (!ctx.caps.net || !ctx.caps.publish) {
    return { id: 'bridge', title, available: false, notes: ['not available yet: `tslab run` has no --net/-p options in this checkout'], series: {} };
  }
  const none = attempt(() => timed(process.execPath, tslabRunArgs(['--net', 'none']), { env: ctx.bench.env }));
  const bridge = attempt(() => timed(process.execPath, tslabRunArgs(['--net', 'bridge', '-p', `${ctx.bench.hostPort}:80`]), { env: ctx.bench.env }));
  const cold = await alternate(ctx.iterations, { 'tslab --net none': none, 'tslab bridge -p (alone)': bridge }, (p) => ctx.log(`case 3 (bridge alone) ${p}`));
  // Warm: another container keeps the bridge and the chains up, as on a host where something already runs.
  const keeper = await timed(process.execPath, [tslabBin, 'run', '-d', '--net', 'bridge', 'busybox', 'sleep', '1000'], { env: ctx.bench.env });
  const notes = ['alone: no other container on the bridge, so every run also brings the bridge and its iptables chains up and down',
    'bridge up: one detached container keeps the bridge up during the runs'];
  let warm: Record<string, Series> = {};
  if (keeper.code === 0) {
    try {
      warm = await alternate(ctx.iterations, { 'tslab --net none ': none, 'tslab bridge -p (bridge up)': bridge }, (p) => ctx.log(`case 3 (bridge up) ${p}`));
    } finally {
      await timed(process.execPath, [tslabBin, 'rm', '-f', keeper.stdout.trim()], { env: ctx.bench.env });
    }
  } else notes.push(`could not start the keeper container: ${keeper.stderr.trim()}`);
  return { id: 'bridge', title, available: true, notes, series: { ...cold, ...warm } };
}

export async function case4(ctx: Context, count = 20): Promise<CaseResult> {
  const iterations = Math.max(1, Math.round(ctx.iterations / 3));
  const burst = (runtime: Runtime): Attempt => async () => {
    const start = performance.now();
    const results = await Promise.all(Array.from({ length: count }, () => startToExit(ctx.bench, runtime, ctx.caps)));
    const failed = results.filter((r) => r.code !== 0);
    return { ms: performance.now() - start, ok: failed.length === 0, error: `${failed.length}/${count} failed: ${failed[0]?.stderr.trim()}` };
  };
  const series = await alternate(iterations, { tslab: burst('tslab'), runc: burst('runc'), crun: burst('crun') }, (p) => ctx.log(`case 4 ${p}`));
  return {
    id: 'concurrent',
    title: `${count} containers started concurrently (wall time until all exited)`,
    available: true,
    notes: [`${iterations} iteration(s) of ${count} each`, ...(ctx.caps.net ? [] : ['tslab with its default network (no --net yet)'])],
    series,
  };
}
