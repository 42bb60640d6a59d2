/**
 * Case 6: `tslab start` in a real terminal (a detached tmux session, started
 * with an argument array, no shell): time until the lesson list is on screen,
 * CPU per second while a lesson's panels refresh, and the idle resident size
 * (for case 5).
 */
import { cpuSeconds, memoryOf, sleep, timed, type Memory } from './proc.js';
import type { CaseResult, Context } from './cases.js';
import { summarize } from './stats.js';
import { tslabBin } from './setup.js';


interface Session {
  firstDrawMs?: number;
  refreshCpuPercent?: number;
  idle?: Memory;
  error?: string;
}

/** The first lesson's title, as `tslab lessons list` prints it. */
async function firstLessonTitle(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const list = await timed(process.execPath, [tslabBin, 'lessons', 'list'], { env });
  const line = list.stdout.split('\n').find((l) => /^\d\d-/.test(l));
  return line?.split(/\s{2,}/).pop()?.trim();
}

async function session(ctx: Context, title: string, index: number): Promise<Session> {
  const name = `tslab-bench-tui-${process.pid}-${index}`;
  const tmux = (...args: string[]) => timed('tmux', args, { env: ctx.bench.env });
  const screen = async () => (await tmux('capture-pane', '-p', '-t', name)).stdout;
  const vars = Object.entries({ ...ctx.bench.env, TERM: 'xterm-256color' }).flatMap(([k, v]) => (v === undefined ? [] : [`${k}=${v}`]));
  const start = performance.now();
  // With several arguments tmux runs the command directly; `env` execs node, so the pane's pid is tslab's.
  await tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '40', 'env', ...vars, process.execPath, tslabBin, 'start');
  const result: Session = {};
  try {
    let firstDraw: number | undefined;
    while (performance.now() - start < 10_000) {
      if ((await screen()).includes(title)) {
        firstDraw = performance.now() - start;
        break;
      }
      await sleep(5);
    }
    if (firstDraw === undefined) {
      result.error = `no lesson list within 10 s: ${(await screen()).trim().slice(0, 300)}`;
      return result;
    }
    result.firstDrawMs = firstDraw;
    const tslab = Number((await tmux('display-message', '-p', '-t', name, '#{pane_pid}')).stdout.trim());
    if (!tslab) return { ...result, error: 'could not find the tslab start process' };
    await sleep(1000);
    const idle = memoryOf(tslab);
    if (idle) result.idle = idle;
    // Open the first lesson; its panels refresh on their own from here.
    await tmux('send-keys', '-t', name, 'Enter');
    await sleep(1500);
    const before = cpuSeconds(tslab);
    const window = 5;
    await sleep(window * 1000);
    result.refreshCpuPercent = ((cpuSeconds(tslab) - before) / window) * 100;
    return result;
  } finally {
    await tmux('send-keys', '-t', name, 'q');
    await sleep(300);
    await tmux('kill-session', '-t', name);
  }
}

export async function case6(ctx: Context): Promise<{ result: CaseResult; idle?: Memory }> {
  const title = 'TUI: `tslab start` to the first drawn lesson list; CPU while a lesson refreshes';
  const lesson = await firstLessonTitle(ctx.bench.env);
  if (!lesson) return { result: { id: 'tui', title, available: false, notes: ['not available yet: `tslab lessons list` lists no lesson'], series: {} } };
  const sessions: Session[] = [];
  for (let i = 0; i < Math.min(ctx.iterations, 5); i++) {
    const s = await session(ctx, lesson, i);
    sessions.push(s);
    ctx.log(`case 6 ${i + 1}${s.error ? `: ${s.error}` : ''}`);
    if (s.error) break;
  }
  const drawn = sessions.flatMap((s) => (s.firstDrawMs === undefined ? [] : [s.firstDrawMs]));
  if (drawn.length === 0) {
    return { result: { id: 'tui', title, available: false, notes: [`not available yet: ${sessions[0]?.error ?? 'no session'}`], series: {} } };
  }
  const cpu = sessions.flatMap((s) => (s.refreshCpuPercent === undefined ? [] : [s.refreshCpuPercent]));
  const idle = sessions.find((s) => s.idle)?.idle;
  return {
    result: {
      id: 'tui',
      title,
      available: true,
      notes: [`first draw = the first lesson's title ("${lesson}") appears on the tmux screen (polled every 5 ms); refresh CPU = utime+stime over 5 s after Enter opened the first lesson`],
      series: {
        'first draw (ms)': { samples: drawn, failures: sessions.length - drawn.length, summary: summarize(drawn)! },
        ...(cpu.length ? { 'refresh CPU (% of one core)': { samples: cpu, failures: 0, summary: summarize(cpu)! } } : {}),
      },
    },
    ...(idle ? { idle } : {}),
  };
}
