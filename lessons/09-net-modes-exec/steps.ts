/** Lesson 9: network modes (host, container:NAME as in a pod) and how tslab exec enters a container, against plain nsenter. */
import { readlinkSync } from 'node:fs';
import { getCgroupDriver } from '../../src/engine/cgroups/detect.js';
import { observeProcesses } from '../../src/engine/observe/processes.js';
import { fail, pass, show } from '../../src/lab/host-steps.js';
import { say } from '../../src/lab/said.js';
import { execIn, findSandbox, notRunning, removeSandbox, requireSandbox, startSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const HOSTNET = 'lesson-09-host';
const POD = 'lesson-09-pod';
const SIDE = 'lesson-09-side';
const SLEEP = ['sleep', '86400'];
/** The pod's server: a page that names who serves it, on port 8080 of the pod's network namespace. */
const SERVER = ['sh', '-c', 'echo "served by $(hostname)" > /root/index.html; exec httpd -f -p 8080 -h /root'];
const NSENTER_SLEEP = 'sleep 300';
const EXEC_SLEEP = 'sleep 301';

const nsOf = (pid: number | string, type: string): string | undefined => {
  try {
    return readlinkSync(`/proc/${pid}/ns/${type}`);
  } catch {
    return undefined;
  }
};

async function running(lab: LabContext, name: string): Promise<number | undefined> {
  return (await findSandbox(lab.engine, name))?.pid;
}

/** The pod's processes in its PID namespace, split by whether they are in its cgroup. */
async function podProcesses(lab: LabContext, command: string): Promise<{ inGroup: number[]; outside: number[] } | undefined> {
  const state = await findSandbox(lab.engine, POD);
  const group = state && (await getCgroupDriver(lab.engine)).open(state.id);
  if (!state?.pid || !group) return undefined;
  const members = await group.processes();
  const found = observeProcesses(state.pid).filter((p) => p.command === command);
  return { inGroup: found.filter((p) => members.includes(p.hostPid)).map((p) => p.hostPid), outside: found.filter((p) => !members.includes(p.hostPid)).map((p) => p.hostPid) };
}

async function withPod(lab: LabContext, check: (pid: number) => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  const pid = await running(lab, POD);
  return pid === undefined ? fail(notRunning(POD)) : check(pid);
}

const lesson: LessonSteps = {
  id: '09-net-modes-exec',
  target: { container: POD },
  names: {
    SANDBOX_HOST: async () => HOSTNET,
    POD: async () => POD,
    SIDE: async () => SIDE,
    PID_HOST: async (lab) => (await running(lab, HOSTNET))?.toString(),
    PID: async (lab) => (await running(lab, POD))?.toString(),
    PID_SIDE: async (lab) => (await running(lab, SIDE))?.toString(),
    CGROUP: async (lab) => {
      const state = await findSandbox(lab.engine, POD);
      const paths = state && (await getCgroupDriver(lab.engine)).open(state.id)?.paths;
      return paths && (paths.unified ?? paths.pids);
    },
  },
  steps: [
    {
      id: 'net-host',
      panels: ['ns'],
      async run(lab) {
        const state = await startSandbox(lab, HOSTNET, { cgroup: false, net: 'host', command: SLEEP });
        await show(lab, 'readlink', [`/proc/${state.pid}/ns/net`, `/proc/${state.pid}/ns/pid`, '/proc/self/ns/net', '/proc/self/ns/pid']);
        await execIn(lab, HOSTNET, ['ip', 'addr', 'show', 'lo']);
      },
      async check(lab) {
        const pid = await running(lab, HOSTNET);
        if (pid === undefined) return fail(notRunning(HOSTNET));
        const net = nsOf(pid, 'net') === nsOf(process.pid, 'net');
        const samePid = nsOf(pid, 'pid') === nsOf(process.pid, 'pid');
        const seen = say(
          `${HOSTNET}: net ${net ? 'same as the host' : 'its own'}, pid ${samePid ? 'same as the host' : 'its own'}`,
          `${HOSTNET}：net ${net ? '和宿主机相同' : '是自己的'}，pid ${samePid ? '和宿主机相同' : '是自己的'}`,
        );
        return net && !samePid ? pass(seen) : fail(seen);
      },
    },
    {
      id: 'pod',
      panels: ['ns', 'procs'],
      async run(lab) {
        await startSandbox(lab, POD, { cgroup: true, net: 'bridge', command: SERVER });
        const side = await startSandbox(lab, SIDE, { cgroup: true, net: `container:${POD}`, command: SLEEP });
        const pod = await requireSandbox(lab.engine, POD);
        await show(lab, 'readlink', [`/proc/${pod.pid}/ns/net`, `/proc/${side.pid}/ns/net`, `/proc/${pod.pid}/ns/pid`, `/proc/${side.pid}/ns/pid`]);
        await execIn(lab, SIDE, ['wget', '-qO-', 'http://127.0.0.1:8080/']);
      },
      check: (lab) =>
        withPod(lab, async (pod) => {
          const side = await running(lab, SIDE);
          if (side === undefined) return fail(notRunning(SIDE));
          const sameNet = nsOf(pod, 'net') === nsOf(side, 'net');
          const samePid = nsOf(pod, 'pid') === nsOf(side, 'pid');
          const seen = say(
            `${SIDE} and ${POD}: net ${sameNet ? 'shared' : 'apart'}, pid ${samePid ? 'shared' : 'apart'}`,
            `${SIDE} 和 ${POD}：net ${sameNet ? '共用' : '各自一个'}，pid ${samePid ? '共用' : '各自一个'}`,
          );
          return sameNet && !samePid ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'nsenter',
      panels: ['procs', 'cgroup'],
      // A challenge: the learner enters the pod with nsenter and leaves a sleep there; this is the reference solution.
      async solve(lab) {
        const { pid } = await requireSandbox(lab.engine, POD);
        // Its output goes nowhere: a background job holding the pipe to tslab would outlive the command it belongs to.
        await show(lab, 'nsenter', ['--target', String(pid), '--all', 'sh', '-c', `${NSENTER_SLEEP} >/dev/null 2>&1 &`]);
        await show(lab, 'nsenter', ['--target', String(pid), '--all', 'grep', 'CapEff', '/proc/self/status']);
      },
      check: (lab) =>
        withPod(lab, async () => {
          const found = await podProcesses(lab, NSENTER_SLEEP);
          const [outside, inside] = [found?.outside.length ?? 0, found?.inGroup.length ?? 0];
          const seen = say(
            `'${NSENTER_SLEEP}' in ${POD}'s PID namespace: ${outside} outside its cgroup, ${inside} inside`,
            `${POD} 的 PID 命名空间里的 '${NSENTER_SLEEP}'：${outside} 个在它的 cgroup 外面，${inside} 个在里面`,
          );
          return found && found.outside.length > 0 ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'exec',
      panels: ['procs', 'cgroup'],
      async run(lab) {
        await execIn(lab, POD, ['sh', '-c', `${EXEC_SLEEP} &`]);
        await execIn(lab, POD, ['grep', 'CapEff', '/proc/self/status']);
        const found = await podProcesses(lab, EXEC_SLEEP);
        lab.output(`'${EXEC_SLEEP}' host pid(s) in ${POD}'s cgroup: ${found?.inGroup.join(' ') || 'none'}`);
      },
      check: (lab) =>
        withPod(lab, async () => {
          const found = await podProcesses(lab, EXEC_SLEEP);
          const [inside, outside] = [found?.inGroup.length ?? 0, found?.outside.length ?? 0];
          const seen = say(
            `'${EXEC_SLEEP}' in ${POD}'s PID namespace: ${inside} in its cgroup, ${outside} outside`,
            `${POD} 的 PID 命名空间里的 '${EXEC_SLEEP}'：${inside} 个在它的 cgroup 里，${outside} 个在外面`,
          );
          return found && found.inGroup.length > 0 ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'recap',
      panels: ['ns', 'procs'],
      async run(lab) {
        const { pid } = await requireSandbox(lab.engine, POD);
        await show(lab, 'lsns', ['-p', String(pid)]);
      },
      check: (lab) =>
        withPod(lab, async (pod) => {
          const side = await running(lab, SIDE);
          const found = await podProcesses(lab, EXEC_SLEEP);
          const ok = side !== undefined && nsOf(pod, 'net') === nsOf(side, 'net') && (found?.inGroup.length ?? 0) > 0;
          const count = found?.inGroup.length ?? 0;
          return ok
            ? pass(say(`${POD} and ${SIDE} share one netns; tslab exec's sleep is in ${POD}'s cgroup`, `${POD} 和 ${SIDE} 共用一个网络命名空间；tslab exec 启动的 sleep 在 ${POD} 的 cgroup 里`))
            : fail(say(`${SIDE} ${side ? 'runs' : 'is not running'}; exec'd sleeps in the cgroup: ${count}`, `${SIDE} ${side ? '在运行' : '没有在运行'}；cgroup 里 exec 进去的 sleep：${count} 个`));
        }),
    },
  ],
  async reset(lab) {
    // The side container lives in the pod's netns: remove it first, then the pod.
    await removeSandbox(lab.engine, SIDE);
    await removeSandbox(lab.engine, POD);
    await removeSandbox(lab.engine, HOSTNET);
  },
};

export default lesson;
