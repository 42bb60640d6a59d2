/** Lesson 2: a sandbox in new PID, UTS, IPC and mount namespaces. */
import { hostname as hostHostname } from 'node:os';
import { compareNamespaces } from '../../src/engine/observe/ns-compare.js';
import { processStatus } from '../../src/engine/observe/proc.js';
import { fail, pass, probe, show } from '../../src/lab/host-steps.js';
import { say } from '../../src/lab/said.js';
import { execIn, findSandbox, notRunning, removeSandbox, requireSandbox, startSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const NAME = 'lesson-02';
const NEW_HOSTNAME = 'tslab-box';
const NEW_NS = ['pid', 'uts', 'ipc', 'mnt', 'cgroup'];
const SHARED_NS = ['net', 'user', 'time'];

async function pidOf(lab: LabContext): Promise<number> {
  return (await requireSandbox(lab.engine, NAME)).pid;
}

/** Checks need the running sandbox; without it they fail, saying so. */
async function withSandbox(lab: LabContext, check: (pid: number) => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  const state = await findSandbox(lab.engine, NAME);
  return state?.pid === undefined ? fail(notRunning(NAME)) : check(state.pid);
}

function nsSummary(pid: number): { fresh: string[]; shared: string[] } {
  const rows = compareNamespaces({ pid }).filter((r) => r.type !== 'pid_for_children');
  return { fresh: rows.filter((r) => r.differs).map((r) => r.type), shared: rows.filter((r) => !r.differs).map((r) => r.type) };
}

/** The sandbox's hostname, read inside it through the engine (a check's quiet probe). */
async function hostnameInside(lab: LabContext): Promise<string> {
  return (await execIn(lab, NAME, ['hostname'], { show: false })).output.trim();
}

/** Message queue keys in an `ipcs -q` listing. */
function queueKeys(text: string): string[] {
  return text.split('\n').map((line) => /^(0x[0-9a-f]+)\s+\d+/.exec(line.trim())?.[1]).filter((k): k is string => k !== undefined);
}

const lesson: LessonSteps = {
  id: '02-pid-uts-ipc',
  target: { container: NAME },
  names: {
    SANDBOX: async () => NAME,
    ID: async (lab) => (await findSandbox(lab.engine, NAME))?.id,
    PID: async (lab) => (await findSandbox(lab.engine, NAME))?.pid?.toString(),
  },
  steps: [
    {
      id: 'start-sandbox',
      panels: ['ns', 'procs'],
      async run(lab) {
        const state = await startSandbox(lab, NAME, { cgroup: false, net: 'host' });
        await show(lab, 'lsns', ['-p', String(state.pid)]);
      },
      check: (lab) =>
        withSandbox(lab, (pid) => {
          const { fresh } = nsSummary(pid);
          const missing = NEW_NS.filter((t) => !fresh.includes(t));
          return missing.length
            ? fail(say(`${NAME} runs, but shares ${missing.join(', ')} with the host`, `${NAME} 在运行，但和宿主机共用 ${missing.join('、')}`))
            : pass(say(`${NAME} runs as host pid ${pid}; new namespaces: ${fresh.join(', ')}`, `${NAME} 在运行，宿主机上的 PID 是 ${pid}；新的命名空间：${fresh.join('、')}`));
        }),
    },
    {
      id: 'pid-one',
      panels: ['procs'],
      reveals: ['procs'],
      shell: 'inside',
      async run(lab) {
        await execIn(lab, NAME, ['ps']);
        const pid = await pidOf(lab);
        await show(lab, 'ps', ['-o', 'pid,ppid,comm', '-p', String(pid)]);
        await show(lab, 'grep', ['NSpid', `/proc/${pid}/status`]);
      },
      check: (lab) =>
        withSandbox(lab, (pid) => {
          const nspid = (processStatus(pid).get('NSpid') ?? '').split(/\s+/).map(Number);
          const inside = nspid[nspid.length - 1];
          return nspid.length >= 2 && inside === 1 ? pass(say(`NSpid: ${nspid.join(' ')}: PID ${inside} inside, ${nspid[0]} on the host`, `NSpid: ${nspid.join(' ')}：沙箱里是 PID ${inside}，宿主机上是 ${nspid[0]}`)) : fail(`NSpid: ${nspid.join(' ')}`);
        }),
    },
    {
      id: 'hostname',
      panels: ['ns'],
      // A challenge: the learner renames the sandbox from a host shell; this is the reference solution.
      async solve(lab) {
        // Refused first: a container's default capabilities do not include CAP_SYS_ADMIN.
        await execIn(lab, NAME, ['hostname', NEW_HOSTNAME]);
        await execIn(lab, NAME, ['hostname', NEW_HOSTNAME], { capAdd: ['CAP_SYS_ADMIN'] });
        await execIn(lab, NAME, ['uname', '-n']);
        await show(lab, 'hostname', []);
      },
      check: (lab) =>
        withSandbox(lab, async (pid) => {
          const inside = await hostnameInside(lab);
          const host = hostHostname();
          const seen = say(`inside: ${inside}; host: ${host}`, `沙箱里：${inside}；宿主机：${host}`);
          return inside === NEW_HOSTNAME && host !== NEW_HOSTNAME ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'ipc-queue',
      panels: ['ns'],
      async run(lab) {
        // The sandbox's busybox has no ipcmk: the host's, in the sandbox's IPC namespace only.
        await execIn(lab, NAME, ['ipcmk', '-Q'], { namespaces: ['ipc'] });
        await execIn(lab, NAME, ['ipcs', '-q'], { namespaces: ['ipc'] });
        await show(lab, 'ipcs', ['-q']);
      },
      check: (lab) =>
        withSandbox(lab, async (pid) => {
          const inside = queueKeys((await execIn(lab, NAME, ['ipcs', '-q'], { show: false, namespaces: ['ipc'] })).output);
          const host = queueKeys((await probe(lab, 'ipcs', ['-q'])).stdout);
          const own = inside.filter((key) => !host.includes(key));
          const seen = say(`queues inside: ${inside.join(' ') || 'none'}; on the host: ${host.join(' ') || 'none'}`, `沙箱里的消息队列：${inside.join(' ') || '没有'}；宿主机上：${host.join(' ') || '没有'}`);
          return own.length > 0 ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'compare-ns',
      panels: ['ns'],
      reveals: ['ns'],
      async run(lab) {
        const pid = await pidOf(lab);
        await show(lab, 'ls', ['-l', `/proc/${pid}/ns`]);
        await show(lab, 'readlink', [`/proc/${pid}/ns/uts`, '/proc/self/ns/uts']);
      },
      check: (lab) =>
        withSandbox(lab, (pid) => {
          const { fresh, shared } = nsSummary(pid);
          const ok = NEW_NS.every((t) => fresh.includes(t)) && SHARED_NS.every((t) => shared.includes(t));
          const seen = say(`differ: ${fresh.join(', ')}; same: ${shared.join(', ')}`, `不同：${fresh.join('、')}；相同：${shared.join('、')}`);
          return ok ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'recap',
      panels: ['ns', 'procs'],
      async run(lab) {
        await show(lab, 'lsns', ['-p', String(await pidOf(lab))]);
      },
      check: (lab) =>
        withSandbox(lab, async (pid) => {
          const inside = await hostnameInside(lab);
          const { fresh } = nsSummary(pid);
          const seen = say(
            `${NAME}: PID 1 inside, host pid ${pid}; hostname ${inside}; new: ${fresh.join(', ')}`,
            `${NAME}：沙箱里是 PID 1，宿主机上是 PID ${pid}；主机名 ${inside}；新的命名空间：${fresh.join('、')}`,
          );
          return inside === NEW_HOSTNAME && NEW_NS.every((t) => fresh.includes(t)) ? pass(seen) : fail(seen);
        }),
    },
  ],
  async reset(lab) {
    await removeSandbox(lab.engine, NAME);
  },
};

export default lesson;
