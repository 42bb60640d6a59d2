/** Lesson 4: the mount namespace, propagation, chroot (and its escape, inside the sandbox) and the shim's pivot_root. */
import { existsSync, readFileSync } from 'node:fs';
import { parseMountinfo } from '../../src/engine/observe/mountinfo.js';
import type { ContainerState } from '../../src/engine/state.js';
import { fail, pass, show } from '../../src/lab/host-steps.js';
import { say } from '../../src/lab/said.js';
import { execIn, findSandbox, notRunning, removeSandbox, requireSandbox, startSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const NAME = 'lesson-04';
/** mount(2) needs CAP_SYS_ADMIN, which a container's default set leaves out. */
const ADMIN = { capAdd: ['CAP_SYS_ADMIN'] };
/** The tmpfs sources name the lesson's mounts, so a check can tell them from anything else. */
const TMPFS = 'lesson4';
const SUBFS = 'lesson4-sub';
const JAIL = ['sh', '-c', 'mkdir -p /jail/bin /jail/proc && cp /bin/busybox /jail/bin/ && ln -sf busybox /jail/bin/sh && ln -sf busybox /jail/bin/ls && mount -t proc proc /jail/proc'];
/** The reference escape: from inside the jail, through the kernel's link to PID 1's root. */
const ESCAPE = ['chroot', '/jail', '/bin/sh', '-c', 'chroot /proc/1/root /bin/sh -c "echo out > /escaped"'];

const mountsOf = (pid: number) => parseMountinfo(readFileSync(`/proc/${pid}/mountinfo`, 'utf8'));

async function withSandbox(lab: LabContext, check: (state: ContainerState & { pid: number }) => CheckResult): Promise<CheckResult> {
  const state = await findSandbox(lab.engine, NAME);
  return state?.pid ? check(state as ContainerState & { pid: number }) : fail(notRunning(NAME));
}

const lesson: LessonSteps = {
  id: '04-mounts-pivot-root',
  target: { container: NAME },
  names: {
    SANDBOX: async () => NAME,
    PID: async (lab) => (await findSandbox(lab.engine, NAME))?.pid?.toString(),
  },
  steps: [
    {
      id: 'pivot-root',
      panels: ['mounts'],
      reveals: ['mounts'],
      async run(lab) {
        await startSandbox(lab, NAME, {
          cgroup: false,
          command: ['sleep', '86400'],
          async between(next, pid) {
            lab.engine.host.record(
              'note',
              next === 'inside' ? 'phases 1-4 done: the process has its own mount namespace, still with the host\'s root' : 'phase 5 done: the shim reported "5 inside" and waits; its command has not run',
            );
            await show(lab, 'head', ['-n1', `/proc/${pid}/root/etc/os-release`]);
            await show(lab, 'wc', ['-l', `/proc/${pid}/mountinfo`]);
          },
        });
      },
      check: (lab) =>
        withSandbox(lab, (state) => {
          const root = mountsOf(state.pid).find((m) => m.mountPoint === '/');
          const busybox = existsSync(`/proc/${state.pid}/root/bin/busybox`);
          const osRelease = existsSync(`/proc/${state.pid}/root/etc/os-release`);
          const seen = say(
            `/ is ${root?.fsType ?? 'missing'}; busybox ${busybox ? 'there' : 'missing'}; host's os-release ${osRelease ? 'visible' : 'out of sight'}`,
            `/ ${root ? `是 ${root.fsType}` : '不存在'}；busybox ${busybox ? '在' : '不在'}；主机的 os-release ${osRelease ? '看得见' : '看不见'}`,
          );
          return root?.fsType === 'overlay' && busybox && !osRelease ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'mount-inside',
      panels: ['mounts'],
      reveals: ['mounts'],
      async run(lab) {
        await requireSandbox(lab.engine, NAME);
        await execIn(lab, NAME, ['mount', '-t', 'tmpfs', TMPFS, '/mnt'], ADMIN);
        await execIn(lab, NAME, ['grep', TMPFS, '/proc/self/mountinfo']);
        await show(lab, 'findmnt', ['--source', TMPFS]);
      },
      check: (lab) =>
        withSandbox(lab, (state) => {
          const inside = mountsOf(state.pid).some((m) => m.source === TMPFS && m.mountPoint === '/mnt');
          const onHost = mountsOf(process.pid).some((m) => m.source === TMPFS);
          const seen = say(
            `tmpfs ${TMPFS} ${inside ? 'on /mnt in the sandbox' : 'not in the sandbox'}, ${onHost ? 'and on the host too' : 'not on the host'}`,
            `tmpfs ${TMPFS} ${inside ? '挂在沙箱的 /mnt 上' : '不在沙箱里'}，${onHost ? '主机上也有' : '主机上没有'}`,
          );
          return inside && !onHost ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'propagation',
      panels: ['mounts'],
      reveals: ['mounts'],
      async run(lab) {
        const state = await requireSandbox(lab.engine, NAME);
        await show(lab, 'findmnt', ['-o', 'TARGET,PROPAGATION', '/']);
        await show(lab, 'findmnt', ['-N', String(state.pid), '-o', 'TARGET,PROPAGATION']);
        await execIn(lab, NAME, ['mount', '--make-shared', '/mnt'], ADMIN);
        await execIn(lab, NAME, ['mkdir', '-p', '/srv', '/mnt/sub']);
        await execIn(lab, NAME, ['mount', '--bind', '/mnt', '/srv'], ADMIN);
        await execIn(lab, NAME, ['mount', '-t', 'tmpfs', SUBFS, '/mnt/sub'], ADMIN);
        await execIn(lab, NAME, ['grep', TMPFS, '/proc/self/mountinfo']);
      },
      check: (lab) =>
        withSandbox(lab, (state) => {
          const copies = mountsOf(state.pid).filter((m) => m.source === SUBFS).map((m) => m.mountPoint);
          const seen = copies.length
            ? say(`${SUBFS} is mounted at ${copies.join(' and ')}`, `${SUBFS} 挂载在 ${copies.join(' 和 ')}`)
            : say(`${SUBFS} is mounted at no place`, `${SUBFS} 没有挂载在任何地方`);
          return copies.includes('/mnt/sub') && copies.includes('/srv/sub') ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'chroot-jail',
      panels: ['mounts'],
      shell: 'inside',
      async run(lab) {
        await requireSandbox(lab.engine, NAME);
        await execIn(lab, NAME, JAIL, ADMIN);
        await execIn(lab, NAME, ['chroot', '/jail', '/bin/ls', '/']);
      },
      check: (lab) =>
        withSandbox(lab, (state) => {
          const made = existsSync(`/proc/${state.pid}/root/jail/bin/busybox`);
          const proc = mountsOf(state.pid).some((m) => m.mountPoint === '/jail/proc' && m.fsType === 'proc');
          const seen = say(
            `/jail ${made ? 'holds busybox' : 'is not ready'}; ${proc ? 'proc is mounted on /jail/proc' : 'no proc on /jail/proc'}`,
            `/jail ${made ? '里有 busybox' : '还没搭好'}；${proc ? '/jail/proc 上挂着 proc' : '/jail/proc 上没有 proc'}`,
          );
          return made && proc ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'escape',
      panels: ['mounts'],
      shell: 'inside',
      // A challenge: the learner, root in the sandbox, breaks out of the jail; this is the reference solution.
      async solve(lab) {
        await requireSandbox(lab.engine, NAME);
        await execIn(lab, NAME, ESCAPE);
      },
      check: (lab) =>
        withSandbox(lab, (state) => {
          const out = existsSync(`/proc/${state.pid}/root/escaped`);
          const jailed = existsSync(`/proc/${state.pid}/root/jail/escaped`);
          const seen = say(
            `/escaped ${out ? 'is in the sandbox\'s real root' : 'is not in the sandbox\'s real root'}${jailed ? ' (one is in /jail: still inside the jail)' : ''}`,
            `/escaped ${out ? '在沙箱真正的根里' : '不在沙箱真正的根里'}${jailed ? '（/jail 里有一个：还在监牢里）' : ''}`,
          );
          return out ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'recap',
      panels: ['mounts'],
      async run(lab) {
        const state = await requireSandbox(lab.engine, NAME);
        await show(lab, 'findmnt', ['-N', String(state.pid), '-o', 'TARGET,FSTYPE,PROPAGATION']);
      },
      check: (lab) =>
        withSandbox(lab, (state) => {
          const root = mountsOf(state.pid).find((m) => m.mountPoint === '/');
          const flags = root?.optional?.length ? root.optional.join(' ') : undefined;
          const seen = say(
            `the sandbox's / is ${root?.fsType ?? 'missing'}, ${flags ?? 'private'}`,
            `沙箱的 / ${root ? `是 ${root.fsType}` : '不存在'}，${flags ?? '私有'}`,
          );
          return root?.fsType === 'overlay' && !root.optional?.some((f) => f.startsWith('shared:')) ? pass(seen) : fail(seen);
        }),
    },
  ],
  async reset(lab) {
    await removeSandbox(lab.engine, NAME);
  },
};

export default lesson;
