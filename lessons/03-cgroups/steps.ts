/** Lesson 3: the sandbox in a cgroup; memory, CPU and pids limits, each broken on purpose. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { getCgroupDriver } from '../../src/engine/cgroups/detect.js';
import type { Cgroup } from '../../src/engine/cgroups/types.js';
import { createCgroup } from '../../src/engine/lifecycle/create.js';
import { observeCgroup, type CgroupView } from '../../src/engine/observe/cgroup.js';
import { fail, pass, show } from '../../src/lab/host-steps.js';
import { en, LessonError, REPLAY_HINT, say, zh } from '../../src/lab/said.js';
import { execIn, findSandbox, notRunning, removeSandbox, requireSandbox, startSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const NAME = 'lesson-03';
const MEMORY = 32 * 1024 * 1024;
const CPUS = 0.5;
const PIDS = 10;
const BUSY_SECONDS = 3;

async function group(lab: LabContext): Promise<{ pid: number; cgroup: Cgroup | undefined }> {
  const state = await requireSandbox(lab.engine, NAME);
  return { pid: state.pid, cgroup: (await getCgroupDriver(lab.engine)).open(state.id) };
}

async function requireGroup(lab: LabContext): Promise<{ pid: number; cgroup: Cgroup }> {
  const found = await group(lab);
  if (!found.cgroup) throw new LessonError('E_NO_SANDBOX', say(`the sandbox ${NAME} has no cgroup yet: run create-cgroup first`, `沙箱 ${NAME} 还没有 cgroup：先做 create-cgroup 这一步`), REPLAY_HINT);
  return found as { pid: number; cgroup: Cgroup };
}

/** Checks look at the group's files; no sandbox or no group fails, saying which. */
async function withGroup(lab: LabContext, check: (view: CgroupView, pid: number) => CheckResult): Promise<CheckResult> {
  const state = await findSandbox(lab.engine, NAME);
  if (state?.pid === undefined) return fail(notRunning(NAME));
  const cgroup = (await getCgroupDriver(lab.engine)).open(state.id);
  if (!cgroup) return fail(say(`${NAME} (id ${state.id}) has no cgroup under tslab's parent`, `${NAME}（id ${state.id}）在 tslab 的父 cgroup 下面没有自己的 cgroup`));
  return check(observeCgroup(cgroup.version, { ...cgroup.paths }), state.pid);
}

/** The group's directories once it exists (v2: one for all): the names the prose and the shell use. */
async function groupDirs(lab: LabContext): Promise<{ memory: string; cpu: string; pids: string } | undefined> {
  const state = await findSandbox(lab.engine, NAME);
  const paths = state && (await getCgroupDriver(lab.engine)).open(state.id)?.paths;
  if (!paths) return undefined;
  const dir = (controller: string) => paths.unified ?? paths[controller];
  return { memory: dir('memory')!, cpu: dir('cpu')!, pids: dir('pids')! };
}

const mainDir = (view: CgroupView) => (view.version === 2 ? view.paths.unified : view.paths.memory) ?? '';
const cpuFiles = (view: CgroupView) =>
  view.version === 2 ? [path.join(view.paths.unified ?? '', 'cpu.max')] : ['cpu.cfs_quota_us', 'cpu.cfs_period_us'].map((f) => path.join(view.paths.cpu ?? '', f));

const lesson: LessonSteps = {
  id: '03-cgroups',
  target: { container: NAME },
  names: {
    SANDBOX: async () => NAME,
    ID: async (lab) => (await findSandbox(lab.engine, NAME))?.id,
    PID: async (lab) => (await findSandbox(lab.engine, NAME))?.pid?.toString(),
    CGROUP: async (lab) => (await groupDirs(lab))?.memory,
    CG_CPU: async (lab) => (await groupDirs(lab))?.cpu,
    CG_PIDS: async (lab) => (await groupDirs(lab))?.pids,
  },
  steps: [
    {
      id: 'create-cgroup',
      panels: ['cgroup', 'procs'],
      async run(lab) {
        const state = await startSandbox(lab, NAME, { cgroup: false, init: true, command: ['sleep', '86400'] });
        await show(lab, 'stat', ['-fc', '%T', '/sys/fs/cgroup']);
        if (!(await getCgroupDriver(lab.engine)).open(state.id)) await createCgroup({ engine: lab.engine, state });
        const { cgroup } = await requireGroup(lab);
        await show(lab, 'ls', [cgroup.version === 2 ? cgroup.paths.unified! : cgroup.paths.memory!]);
      },
      check: (lab) => withGroup(lab, (view) => (view.files.length ? pass(say(`cgroup v${view.version} group ${mainDir(view)}: ${view.files.length} files`, `cgroup v${view.version} 的组 ${mainDir(view)}：${view.files.length} 个文件`)) : fail(say(`${mainDir(view)} is empty`, `${mainDir(view)} 是空的`)))),
    },
    {
      id: 'join-cgroup',
      panels: ['cgroup', 'procs'],
      // A challenge: the learner writes the PID in a host shell; this is the reference solution.
      async solve(lab) {
        const { pid, cgroup } = await requireGroup(lab);
        await cgroup.addProcess(pid);
        await show(lab, 'cat', [`/proc/${pid}/cgroup`]);
      },
      check: (lab) =>
        withGroup(lab, (view, pid) => {
          const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
          const id = path.basename(mainDir(view));
          const inside = lines.filter((l) => l.endsWith(`/${id}`)).map((l) => l.split(':')[1] || 'unified');
          return view.procs.includes(pid) ? pass(say(`pid ${pid} is in ${inside.join(', ')} (${mainDir(view)}/cgroup.procs)`, `pid ${pid} 在 ${inside.join('、')} 里（${mainDir(view)}/cgroup.procs）`))
            : fail(say(`pid ${pid} is not in ${mainDir(view)}/cgroup.procs`, `pid ${pid} 不在 ${mainDir(view)}/cgroup.procs 里`));
        }),
    },
    {
      id: 'memory-limit',
      panels: ['cgroup'],
      async run(lab) {
        const { cgroup } = await requireGroup(lab);
        await cgroup.setLimits({ memoryBytes: MEMORY });
        await execIn(lab, NAME, ['sh', '-c', 'dd if=/dev/zero of=/dev/null bs=64M count=1; echo "exit status $?"']);
      },
      check: (lab) =>
        withGroup(lab, (view) => {
          const limit = `${view.memoryMax ?? 'max'}`;
          const oom = `oom_kill ${view.oomKills ?? 0}`;
          return view.memoryMax === MEMORY && (view.oomKills ?? 0) > 0
            ? pass(say(`limit ${limit} bytes; ${oom}: the allocation was SIGKILLed (137)`, `上限 ${limit} 字节；${oom}：分配内存的进程被 SIGKILL 杀掉了（137）`))
            : fail(say(`limit ${limit} bytes; ${oom}`, `上限 ${limit} 字节；${oom}`));
        }),
    },
    {
      id: 'cpu-quota',
      panels: ['cgroup'],
      async run(lab) {
        const { cgroup } = await requireGroup(lab);
        await cgroup.setLimits({ cpus: CPUS });
        const before = (await cgroup.stats()).cpuUsageNanos;
        const started = Date.now();
        await execIn(lab, NAME, ['timeout', String(BUSY_SECONDS), 'sh', '-c', 'while :; do :; done']);
        const used = ((await cgroup.stats()).cpuUsageNanos - before) / 1e9;
        const elapsed = (Date.now() - started) / 1000;
        lab.output(`the busy loop used ${used.toFixed(2)} s of CPU in ${elapsed.toFixed(2)} s: ${((used / elapsed) * 100).toFixed(0)}% of one CPU`);
      },
      check: (lab) =>
        withGroup(lab, (view) => {
          const stat = `nr_periods ${view.nrPeriods ?? 0}; nr_throttled ${view.nrThrottled ?? 0}`;
          const quota = `${view.cpuQuotaUs ?? 'max'}/${view.cpuPeriodUs ?? '?'}`;
          const seen = say(`quota ${quota} us; ${stat}`, `配额 ${quota} 微秒；${stat.replace('; ', '；')}`);
          if (view.cpuQuotaUs !== 50_000 || view.cpuPeriodUs !== 100_000 || (view.nrPeriods ?? 0) === 0) return fail(seen);
          // On a busy machine the loop may never reach half a CPU, so it is never throttled: it still ran under the quota.
          return pass(
            (view.nrThrottled ?? 0) > 0
              ? say(`${en(seen)}: throttled to half a CPU`, `${zh(seen)}：被限流到半个 CPU`)
              : say(`${en(seen)}: ran under the quota (this machine is too busy for it to reach half a CPU)`, `${zh(seen)}：一直没用到配额（这台机器太忙，它连半个 CPU 都没跑满）`),
          );
        }),
    },
    {
      id: 'pids-limit',
      panels: ['cgroup', 'procs'],
      async run(lab) {
        const { cgroup } = await requireGroup(lab);
        await cgroup.setLimits({ pidsMax: PIDS });
        await execIn(lab, NAME, ['sh', '-c', 'for i in $(seq 20); do sleep 2 & done; wait; echo "all started processes ended"']);
        await sleep(100);
      },
      check: (lab) =>
        withGroup(lab, (view) => {
          const max = `pids.max ${view.pidsMax ?? 'max'}`;
          const refused = view.pidsRefused ?? 0;
          const seen = say(`${max}; refused forks (pids.events max) ${refused}`, `${max}；被拒绝的 fork（pids.events max）：${refused}`);
          return view.pidsMax === PIDS && (view.pidsRefused ?? 0) > 0 ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'cgroup-files',
      panels: ['cgroup'],
      async run(lab) {
        const { cgroup } = await requireGroup(lab);
        const view = observeCgroup(cgroup.version, { ...cgroup.paths });
        const dir = (c: string) => (view.version === 2 ? view.paths.unified! : view.paths[c]!);
        const files =
          view.version === 2
            ? ['memory.max', 'memory.swap.max', 'memory.events', 'cpu.max', 'pids.max'].map((f) => path.join(dir('memory'), f))
            : [path.join(dir('memory'), 'memory.limit_in_bytes'), path.join(dir('memory'), 'memory.memsw.limit_in_bytes'), ...cpuFiles(view), path.join(dir('pids'), 'pids.max')];
        await show(lab, 'grep', ['-H', '', ...files]);
      },
      check: (lab) =>
        withGroup(lab, (view) => {
          const [mem, cpu, pids] = [`${view.memoryMax ?? 'max'}`, `${view.cpuQuotaUs ?? 'max'}/${view.cpuPeriodUs ?? '?'}`, `${view.pidsMax ?? 'max'}`];
          const seen = say(`v${view.version}: memory ${mem}, cpu ${cpu}, pids ${pids}`, `v${view.version}：内存 ${mem}，CPU ${cpu}，进程数 ${pids}`);
          return view.memoryMax === MEMORY && view.cpuQuotaUs === 50_000 && view.pidsMax === PIDS ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'recap',
      panels: ['cgroup', 'procs'],
      async run(lab) {
        const { pid } = await requireGroup(lab);
        await show(lab, 'cat', [`/proc/${pid}/cgroup`]);
      },
      check: (lab) =>
        withGroup(lab, (view, pid) => {
          const [mem, cpu, pids] = [`${view.memoryMax ?? 'max'}`, `${view.cpuQuotaUs ?? 'max'}`, `${view.pidsMax ?? 'max'}`];
          const seen = say(`pid ${pid} in ${mainDir(view)}; memory ${mem}, cpu ${cpu}, pids ${pids}`, `pid ${pid} 在 ${mainDir(view)} 里；内存 ${mem}，CPU ${cpu}，进程数 ${pids}`);
          return view.procs.includes(pid) && view.memoryMax === MEMORY && view.pidsMax === PIDS ? pass(seen) : fail(seen);
        }),
    },
  ],
  async reset(lab) {
    await removeSandbox(lab.engine, NAME);
  },
};

export default lesson;
