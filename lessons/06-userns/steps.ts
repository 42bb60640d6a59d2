/** Lesson 6: a user namespace: root inside is an unprivileged uid on the host, files both ways, and a chown by hand. */
import { readFileSync, statSync } from 'node:fs';
import { USERNS_HOST_BASE } from '../../src/engine/container-defaults.js';
import { processStatus } from '../../src/engine/observe/proc.js';
import { say } from '../../src/lab/said.js';
import { fail, pass, show } from '../../src/lab/host-steps.js';
import { execIn, findSandbox, notRunning, removeSandbox, requireSandbox, startSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const NAME = 'lesson-06';
const SLEEP = ['sleep', '86400'];
/** What an id with no mapping in the namespace shows as (kernel.overflowuid). */
const NOBODY = 65534;

const hostUid = (file: string): number | undefined => {
  try {
    return statSync(file).uid;
  } catch {
    return undefined;
  }
};

/** Checks need the running sandbox in a user namespace; without it they fail, saying so. */
async function withUserns(lab: LabContext, check: (pid: number) => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  const state = await findSandbox(lab.engine, NAME);
  if (state?.pid === undefined) return fail(notRunning(NAME));
  if (!state.spec.userns) return fail(say(`${NAME} runs without a user namespace`, `${NAME} 运行时没有用户命名空间`));
  return check(state.pid);
}

const lesson: LessonSteps = {
  id: '06-userns',
  target: { container: NAME },
  names: {
    SANDBOX: async () => NAME,
    PID: async (lab) => (await findSandbox(lab.engine, NAME))?.pid?.toString(),
    UPPER: async (lab) => (await findSandbox(lab.engine, NAME))?.rootfs.upper,
  },
  steps: [
    {
      id: 'start-userns',
      panels: ['ns', 'procs'],
      async run(lab) {
        const state = await startSandbox(lab, NAME, { cgroup: false, userns: true, command: SLEEP });
        await show(lab, 'cat', [`/proc/${state.pid}/uid_map`, `/proc/${state.pid}/gid_map`]);
        await show(lab, 'grep', ['-E', '^(Uid|Gid)', `/proc/${state.pid}/status`]);
        await execIn(lab, NAME, ['id']);
      },
      check: (lab) =>
        withUserns(lab, (pid) => {
          const map = readFileSync(`/proc/${pid}/uid_map`, 'utf8').trim().split(/\s+/).map(Number);
          const uid = Number((processStatus(pid).get('Uid') ?? '').split(/\s+/)[0]);
          const seen = say(`uid_map ${map.join(' ')}; host uid of PID 1: ${uid}`, `uid_map ${map.join(' ')}；PID 1 在宿主机上的 uid：${uid}`);
          return map[0] === 0 && map[1] === USERNS_HOST_BASE && uid === USERNS_HOST_BASE ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'nobody-files',
      panels: ['procs'],
      async run(lab) {
        await execIn(lab, NAME, ['ls', '-ldn', '/', '/root', '/bin/busybox']);
        await execIn(lab, NAME, ['touch', '/root/note']);
      },
      check: (lab) =>
        withUserns(lab, async () => {
          const inside = (await execIn(lab, NAME, ['stat', '-c', '%u', '/bin/busybox'], { show: false })).output.trim();
          const seen = say(`/bin/busybox (host uid 0) shows inside as uid ${inside}`, `/bin/busybox（宿主机上 uid 0）在里面显示为 uid ${inside}`);
          return Number(inside) === NOBODY ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'make-inside',
      panels: ['procs'],
      async run(lab) {
        const { pid } = await requireSandbox(lab.engine, NAME);
        await execIn(lab, NAME, ['sh', '-c', 'echo hello > /dev/shm/inside; ls -ln /dev/shm']);
        await show(lab, 'ls', ['-ln', `/proc/${pid}/root/dev/shm`]);
      },
      check: (lab) =>
        withUserns(lab, (pid) => {
          const uid = hostUid(`/proc/${pid}/root/dev/shm/inside`);
          const seen = uid === undefined ? say('no /dev/shm/inside in the sandbox', '沙箱里没有 /dev/shm/inside') : say(`/dev/shm/inside belongs to uid ${uid} on the host`, `/dev/shm/inside 在宿主机上属于 uid ${uid}`);
          return uid === USERNS_HOST_BASE ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'give-root',
      panels: ['procs'],
      // A challenge: the learner chowns the sandbox's /root from the host; this is the reference solution.
      async solve(lab) {
        const { pid } = await requireSandbox(lab.engine, NAME);
        await show(lab, 'chown', [`${USERNS_HOST_BASE}:${USERNS_HOST_BASE}`, `/proc/${pid}/root/root`]);
        await execIn(lab, NAME, ['touch', '/root/note']);
        await execIn(lab, NAME, ['ls', '-ln', '/root']);
      },
      check: (lab) =>
        withUserns(lab, (pid) => {
          const uid = hostUid(`/proc/${pid}/root/root`);
          const seen = say(`the sandbox's /root belongs to uid ${uid ?? '?'} on the host`, `沙箱的 /root 在宿主机上属于 uid ${uid ?? '?'}`);
          return uid === USERNS_HOST_BASE ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'recap',
      panels: ['ns', 'procs'],
      async run(lab) {
        const state = await requireSandbox(lab.engine, NAME);
        await execIn(lab, NAME, ['touch', '/root/note']);
        await show(lab, 'ls', ['-lnd', `${state.rootfs.upper}/root`, `${state.rootfs.upper}/root/note`]);
      },
      check: (lab) =>
        withUserns(lab, async (pid) => {
          const uid = hostUid(`/proc/${pid}/root/root/note`);
          const seen = uid === undefined ? say('/root/note does not exist in the sandbox', '沙箱里不存在 /root/note') : say(`/root/note belongs to uid ${uid} on the host`, `/root/note 在宿主机上属于 uid ${uid}`);
          return uid === USERNS_HOST_BASE ? pass(seen) : fail(seen);
        }),
    },
  ],
  async reset(lab) {
    await removeSandbox(lab.engine, NAME);
  },
};

export default lesson;
