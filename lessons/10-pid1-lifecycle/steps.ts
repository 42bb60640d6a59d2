/** Lesson 10: PID 1 and the container's lifecycle: zombies, stop's SIGTERM then SIGKILL, --init, pause and logs. */
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { getCgroupDriver } from '../../src/engine/cgroups/detect.js';
import type { Cgroup } from '../../src/engine/cgroups/types.js';
import { containerProcessAlive } from '../../src/engine/lifecycle/liveness.js';
import { streamLogs } from '../../src/engine/lifecycle/logs.js';
import { pauseContainer, unpauseContainer } from '../../src/engine/lifecycle/pause.js';
import { reapContainer } from '../../src/engine/lifecycle/reap.js';
import { stopContainer } from '../../src/engine/lifecycle/stop.js';
import { observeProcesses, type SandboxProcess } from '../../src/engine/observe/processes.js';
import type { ContainerState } from '../../src/engine/state.js';
import { fail, pass, show } from '../../src/lab/host-steps.js';
import { LessonError, REPLAY_HINT, say } from '../../src/lab/said.js';
import { execIn, notRunning, removeSandbox, requireSandbox, startSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const NAME = 'lesson-10';
/** Three background sleeps whose shell exits at once: orphans, reparented to the namespace's PID 1. */
const ORPHANS = ['sh', '-c', 'for i in 1 2 3; do sleep 1 & done'];
const PS = ['ps', '-o', 'pid,ppid,stat,comm'];
/** Under --init: a loop that prints a numbered, timed tick each second (what `logs` shows). */
const TICKS = ['sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick $i $(date +%T)"; sleep 1; done'];

const zombies = (state: ContainerState) => observeProcesses(state.pid!).filter((p) => p.state === 'Z');
const pidOne = (state: ContainerState): SandboxProcess | undefined => observeProcesses(state.pid!).find((p) => p.pid === 1);

/** The container record (running or not), reaped first so a process that ended shows as stopped. */
async function record(lab: LabContext): Promise<ContainerState | undefined> {
  const state = await lab.engine.store.resolve(NAME).catch(() => undefined);
  return state && (await reapContainer(lab.engine, state.id));
}

/** Running or paused (findSandbox counts only running ones): the sandbox whose PID 1 is alive. */
async function live(lab: LabContext): Promise<ContainerState | undefined> {
  const state = await lab.engine.store.resolve(NAME).catch(() => undefined);
  return state && state.status !== 'stopped' && state.pid !== undefined && containerProcessAlive(state) ? state : undefined;
}

const noCgroup = () => say(`${NAME} has no cgroup`, `${NAME} 没有 cgroup`);
const noSandbox = () => new LessonError('E_NO_SANDBOX', say(`the sandbox ${NAME} is not there`, `沙箱 ${NAME} 不在了`), REPLAY_HINT);

async function cgroupOf(lab: LabContext, state: ContainerState): Promise<Cgroup | undefined> {
  return (await getCgroupDriver(lab.engine)).open(state.id);
}

async function withRunning(lab: LabContext, check: (state: ContainerState) => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  const state = await live(lab);
  return state ? check(state) : fail(notRunning(NAME));
}

/** Poll until `done` holds (the orphans take a second to end); the step shows what it then sees. */
async function until(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(50);
}

async function logs(lab: LabContext, state: ContainerState): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (chunks.push(chunk), done()) });
  await streamLogs(lab.engine, state, sink, false);
  return Buffer.concat(chunks).toString('utf8');
}

const ticks = (text: string) => text.split('\n').filter((l) => l.startsWith('tick ')).length;

/** Stopped, with this exit status (137 = SIGKILL, 143 = SIGTERM). */
async function stoppedWith(lab: LabContext, code: number, init: boolean): Promise<CheckResult> {
  const state = await record(lab);
  if (!state) return fail(say(`there is no sandbox ${NAME}`, `没有沙箱 ${NAME}`));
  if (state.status !== 'stopped') return fail(say(`${NAME} is still ${state.status} (host pid ${state.pid})`, `${NAME} 还是 ${state.status}（宿主机 PID ${state.pid}）`));
  const status = `${state.exitCode ?? '?'}`;
  const seen = state.exitSignal
    ? say(`${NAME} stopped with status ${status} (signal ${state.exitSignal})`, `${NAME} 已停止，退出状态 ${status}（信号 ${state.exitSignal}）`)
    : say(`${NAME} stopped with status ${status}`, `${NAME} 已停止，退出状态 ${status}`);
  return state.exitCode === code && state.spec.process.init === init ? pass(seen) : fail(seen);
}

const lesson: LessonSteps = {
  id: '10-pid1-lifecycle',
  target: { container: NAME },
  names: {
    SANDBOX: async () => NAME,
    ID: async (lab) => (await live(lab))?.id,
    PID: async (lab) => (await live(lab))?.pid?.toString(),
    CGROUP: async (lab) => {
      const state = await live(lab);
      const paths = state && (await cgroupOf(lab, state))?.paths;
      return paths && (paths.unified ?? paths.freezer);
    },
  },
  steps: [
    {
      id: 'start-plain',
      panels: ['procs'],
      async run(lab) {
        const state = await startSandbox(lab, NAME, { cgroup: true, command: ['sleep', '86400'] });
        await execIn(lab, NAME, PS);
        await show(lab, 'grep', ['-E', '^(NSpid|SigCgt|SigIgn)', `/proc/${state.pid}/status`]);
      },
      check: (lab) =>
        withRunning(lab, (state) => {
          const one = pidOne(state);
          const seen = say(`PID 1 is ${one?.command ?? 'missing'} (host pid ${state.pid})`, `PID 1 是 ${one?.command ?? '（不存在）'}（宿主机 PID ${state.pid}）`);
          return one && !state.spec.process.init && /^sleep/.test(one.command) ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'orphans',
      panels: ['procs'],
      reveals: ['procs'],
      async run(lab) {
        const state = await requireSandbox(lab.engine, NAME);
        await execIn(lab, NAME, ORPHANS);
        await until(() => zombies(state).length >= 3);
        await execIn(lab, NAME, PS);
      },
      check: (lab) =>
        withRunning(lab, (state) => {
          const found = zombies(state);
          const parent = (z: SandboxProcess) => (z.ppid === state.pid ? 'PID 1' : String(z.ppid));
          const seen = say(
            `${found.length} zombie(s) in ${NAME}: ${found.map((z) => `${z.pid} (parent ${parent(z)})`).join(', ') || 'none'}`,
            `${NAME} 里有 ${found.length} 个僵尸进程：${found.map((z) => `${z.pid}（父进程 ${parent(z)}）`).join('，') || '没有'}`,
          );
          return found.length >= 3 && found.every((z) => z.ppid === state.pid) ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'stop-by-hand',
      panels: ['procs'],
      // A challenge: the learner sends SIGTERM, sees nothing happen, then SIGKILL; this is the reference solution.
      async solve(lab) {
        const state = await requireSandbox(lab.engine, NAME);
        await stopContainer(lab.engine, state, 1);
      },
      check: (lab) => stoppedWith(lab, 137, false),
    },
    {
      id: 'start-init',
      panels: ['procs'],
      reveals: ['procs'],
      async run(lab) {
        const state = await startSandbox(lab, NAME, { cgroup: true, init: true, command: TICKS });
        await execIn(lab, NAME, ORPHANS);
        // The three orphans (now PID 1's children) last a second; wait until they are gone, or 5 s.
        await until(() => !observeProcesses(state.pid!).some((p) => p.ppid === state.pid && p.command.startsWith('sleep 1') && p.state !== 'Z'));
        await execIn(lab, NAME, PS);
      },
      check: (lab) =>
        withRunning(lab, (state) => {
          const one = pidOne(state);
          const found = zombies(state);
          const seen = say(`PID 1 is ${one?.command ?? 'missing'}; ${found.length} zombie(s)`, `PID 1 是 ${one?.command ?? '（不存在）'}；${found.length} 个僵尸进程`);
          return state.spec.process.init && one?.command === 'tslab-init' && found.length === 0 ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'pause',
      panels: ['procs', 'cgroup'],
      async run(lab) {
        const state = await requireSandbox(lab.engine, NAME);
        await pauseContainer(lab.engine, state);
        const cgroup = await cgroupOf(lab, state);
        if (cgroup?.version === 2) await show(lab, 'cat', [`${cgroup.paths.unified}/cgroup.events`]);
        else if (cgroup) await show(lab, 'cat', [`${cgroup.paths.freezer}/freezer.state`]);
        await show(lab, 'ps', ['-o', 'pid,stat,comm', '--ppid', String(state.pid), '-p', String(state.pid)]);
        // Frozen for a few seconds, so the log shows how long the loop stood still.
        await sleep(3000);
      },
      check: (lab) =>
        withRunning(lab, async (state) => {
          const cgroup = await cgroupOf(lab, state);
          if (!cgroup) return fail(noCgroup());
          return (await cgroup.isFrozen())
            ? pass(say(`${NAME}'s cgroup is frozen (${state.status})`, `${NAME} 的 cgroup 已冻结（${state.status}）`))
            : fail(say(`${NAME}'s cgroup is not frozen`, `${NAME} 的 cgroup 没有冻结`));
        }),
    },
    {
      id: 'unpause',
      panels: ['procs', 'cgroup'],
      async run(lab) {
        const state = await live(lab);
        if (!state) throw noSandbox();
        await unpauseContainer(lab.engine, state);
        const before = ticks(await logs(lab, state));
        // One and a half ticks' time, so the log shows the loop going on after the thaw.
        await sleep(1500);
        lab.engine.host.record('command', `tslab logs ${NAME}`);
        const text = await logs(lab, state);
        lab.output(text.trimEnd().split('\n').slice(-8).join('\n'));
        if (ticks(text) <= before) lab.output('(no new tick yet)');
      },
      check: (lab) =>
        withRunning(lab, async (state) => {
          const cgroup = await cgroupOf(lab, state);
          if (!cgroup) return fail(noCgroup());
          const frozen = await cgroup.isFrozen();
          const count = ticks(await logs(lab, state));
          const seen = say(
            `cgroup ${frozen ? 'frozen' : 'thawed'}, status ${state.status}; ${count} ticks logged`,
            `cgroup ${frozen ? '已冻结' : '已解冻'}，状态 ${state.status}；日志里记了 ${count} 个 tick`,
          );
          return !frozen && state.status === 'running' ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'stop-init',
      panels: ['procs'],
      async run(lab) {
        const state = await requireSandbox(lab.engine, NAME);
        const started = Date.now();
        await stopContainer(lab.engine, state, 10);
        lab.output(`stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      },
      check: (lab) => stoppedWith(lab, 143, true),
    },
    {
      id: 'recap',
      panels: ['procs'],
      async run(lab) {
        const state = await record(lab);
        if (!state) throw noSandbox();
        lab.engine.host.record('command', `tslab logs ${NAME}`);
        lab.output((await logs(lab, state)).trimEnd().split('\n').slice(-5).join('\n'));
      },
      async check(lab) {
        const state = await record(lab);
        if (!state || state.status !== 'stopped') return fail(state ? say(`${NAME} is ${state.status}, not stopped`, `${NAME} 是 ${state.status}，不是 stopped`) : say(`${NAME} is gone, not stopped`, `${NAME} 不在了，不是 stopped`));
        const count = ticks(await logs(lab, state));
        const seen = say(`${NAME} exited ${state.exitCode}; its log keeps ${count} ticks`, `${NAME} 退出，状态 ${state.exitCode}；它的日志留着 ${count} 个 tick`);
        return state.exitCode === 143 && count > 0 && !containerProcessAlive(state) ? pass(seen) : fail(seen);
      },
    },
  ],
  async reset(lab) {
    await removeSandbox(lab.engine, NAME);
  },
};

export default lesson;
