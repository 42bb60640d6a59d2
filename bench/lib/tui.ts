/**
 * Case 6: `tslab start` in a pseudo-terminal (util-linux `script`): time until
 * the lesson list is on screen, CPU per second while a lesson's panels refresh,
 * and the idle resident size (for case 5).
 */
import { spawn } from 'node:child_process';
import { cpuSeconds, descendants, cmdlineOf, memoryOf, sleep, timed, type Memory } from './proc.js';
import type { CaseResult, Context } from './cases.js';
import { summarize } from './stats.js';
import { tslabBin } from './setup.js';

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07/g, '');

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

async function session(ctx: Context, title: string): Promise<Session> {
  const command = `stty cols 120 rows 40 2>/dev/null; exec ${process.execPath} ${tslabBin} start`;
  const start = performance.now();
  const child = spawn('script', ['-q', '-f', '-e', '-c', command, '/dev/null'], { env: { ...ctx.bench.env, TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let ended = false;
  child.on('close', () => (ended = true));
  const drawn = new Promise<number | undefined>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      screen += chunk;
      if (stripAnsi(screen).includes(title)) resolve(performance.now() - start);
    });
    child.on('close', () => resolve(undefined));
    setTimeout(() => resolve(undefined), 10_000);
  });
  const result: Session = {};
  try {
    const firstDraw = await drawn;
    if (firstDraw === undefined) {
      result.error = ended ? `tslab start ended: ${stripAnsi(screen).trim().slice(0, 300)}` : 'no lesson list within 10 s';
      return result;
    }
    result.firstDrawMs = firstDraw;
    const tslab = descendants(child.pid!).find((pid) => cmdlineOf(pid).includes('tslab.js start'));
    if (tslab === undefined) return { ...result, error: 'could not find the tslab start process' };
    await sleep(1000);
    const idle = memoryOf(tslab);
    if (idle) result.idle = idle;
    // Open the first lesson; its panels refresh on their own from here.
    child.stdin.write('\r');
    await sleep(1500);
    const before = cpuSeconds(tslab);
    const window = 5;
    await sleep(window * 1000);
    result.refreshCpuPercent = ((cpuSeconds(tslab) - before) / window) * 100;
    return result;
  } finally {
    child.stdin.write('q');
    await sleep(200);
    child.stdin.write('\x03');
    await Promise.race([new Promise((r) => child.once('close', r)), sleep(2000)]);
    if (!ended) for (const pid of [...descendants(child.pid!), child.pid!]) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

export async function case6(ctx: Context): Promise<{ result: CaseResult; idle?: Memory }> {
  const title = 'TUI: `tslab start` to the first drawn lesson list; CPU while a lesson refreshes';
  const lesson = await firstLessonTitle(ctx.bench.env);
  if (!lesson) return { result: { id: 'tui', title, available: false, notes: ['not available yet: `tslab lessons list` lists no lesson'], series: {} } };
  const sessions: Session[] = [];
  for (let i = 0; i < Math.min(ctx.iterations, 5); i++) {
    const s = await session(ctx, lesson);
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
      notes: [`first draw = the first lesson's title ("${lesson}") appears on the pseudo-terminal; refresh CPU = utime+stime over 5 s after Enter opened the first lesson`],
      series: {
        'first draw (ms)': { samples: drawn, failures: sessions.length - drawn.length, summary: summarize(drawn)! },
        ...(cpu.length ? { 'refresh CPU (% of one core)': { samples: cpu, failures: 0, summary: summarize(cpu)! } } : {}),
      },
    },
    ...(idle ? { idle } : {}),
  };
}
