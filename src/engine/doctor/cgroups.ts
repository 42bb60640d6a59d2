/**
 * cgroups: which layout the host uses and where the controllers tslab limits are.
 *   v2      one cgroup2 hierarchy mounted at /sys/fs/cgroup
 *   v1      one cgroup (v1) hierarchy per controller, /sys/fs/cgroup/<controller>
 *   hybrid  v1 hierarchies plus a cgroup2 one elsewhere (usually /sys/fs/cgroup/unified)
 * The layout is the engine's own choice (cgroups/detect.ts, from /proc/self/mountinfo),
 * so the doctor reports the hierarchies the driver will use; /proc/cgroups and the
 * kernel release explain a controller that is missing.
 */
import path from 'node:path';
import { describeCgroups, readControllers, type CgroupHostInfo, type ControllersReader } from '../cgroups/detect.js';
import { TslabError } from '../errors.js';
import { parseMountinfo, type MountEntry } from '../observe/mountinfo.js';
import { check, type DoctorCheck, type ProbeContext } from './types.js';
import { exists, listDir, readText } from './read.js';

export type CgroupVersion = 'v2' | 'v1' | 'hybrid' | 'none';
export const cgroupControllers = ['memory', 'cpu', 'pids', 'freezer'] as const;
export type Controller = (typeof cgroupControllers)[number];

export interface CgroupLayout {
  version: CgroupVersion;
  /** v1 controller -> its hierarchy's mount point. */
  v1: Record<string, string>;
  /** Mount point of the cgroup2 hierarchy, if any. */
  v2Mount?: string;
  /** Controllers in cgroup.controllers of the cgroup2 root. */
  v2Controllers: string[];
}

/** The engine's cgroup detection, in the doctor's terms; `none` where the engine finds no usable cgroup. */
export function cgroupLayout(mounts: readonly MountEntry[], controllersOf: ControllersReader = readControllers): CgroupLayout {
  let host: CgroupHostInfo;
  try {
    host = describeCgroups(mounts, controllersOf);
  } catch (error) {
    if (error instanceof TslabError && error.code === 'E_CGROUP_UNAVAILABLE') return { version: 'none', v1: {}, v2Controllers: [] };
    throw error;
  }
  if (host.version === 2) return { version: 'v2', v1: {}, v2Mount: host.mounts.unified, v2Controllers: host.controllers };
  if (host.cgroup2 === undefined) return { version: 'v1', v1: { ...host.mounts }, v2Controllers: [] };
  return { version: 'hybrid', v1: { ...host.mounts }, v2Mount: host.cgroup2, v2Controllers: controllersOf(host.cgroup2) };
}

export interface ProcCgroup {
  hierarchy: number;
  enabled: boolean;
}

/** /proc/cgroups: `#subsys_name hierarchy num_cgroups enabled`; hierarchy 0 means v2 or unmounted. */
export function parseProcCgroups(text: string): Record<string, ProcCgroup> {
  const result: Record<string, ProcCgroup> = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, hierarchy, , enabled] = line.trim().split(/\s+/);
    if (name === undefined || name === '' || enabled === undefined) continue;
    result[name] = { hierarchy: Number(hierarchy), enabled: enabled === '1' };
  }
  return result;
}

export interface CgroupInfo extends CgroupLayout {
  /** From /proc/cgroups; undefined on kernels without the file. */
  procCgroups: Record<string, ProcCgroup> | undefined;
  /** Kernel release, for the v2 freezer (cgroup.freeze, since 5.2). */
  kernelRelease: string | undefined;
  /** memory.memsw.* (v1) or memory.swap.max (v2) present; undefined when it cannot be told. */
  swapAccounting: boolean | undefined;
}

export type ControllerPlace = { where: 'v1'; path: string } | { where: 'v2'; path: string } | { where: 'none'; enabledInKernel: boolean | undefined };

export function locateController(info: CgroupInfo, controller: Controller): ControllerPlace {
  const v1Path = info.v1[controller];
  if (v1Path !== undefined) return { where: 'v1', path: v1Path };
  if (info.v2Mount !== undefined) {
    if (info.v2Controllers.includes(controller)) return { where: 'v2', path: info.v2Mount };
    if (controller === 'freezer' && kernelAtLeast(info.kernelRelease, 5, 2)) return { where: 'v2', path: info.v2Mount };
  }
  return { where: 'none', enabledInKernel: info.procCgroups?.[controller]?.enabled };
}

export function kernelAtLeast(release: string | undefined, major: number, minor: number): boolean {
  const match = /^(\d+)\.(\d+)/.exec(release ?? '');
  if (!match) return false;
  const [maj, min] = [Number(match[1]), Number(match[2])];
  return maj > major || (maj === major && min >= minor);
}

export async function probeCgroups(ctx: ProbeContext, mountinfoText?: string): Promise<CgroupInfo> {
  const mounts = parseMountinfo(mountinfoText ?? (await readText(path.join(ctx.procRoot, 'self/mountinfo'))) ?? '');
  const layout = cgroupLayout(mounts);
  const procCgroupsText = await readText(path.join(ctx.procRoot, 'cgroups'));
  const kernelRelease = (await readText(path.join(ctx.procRoot, 'sys/kernel/osrelease')))?.trim();
  const info: CgroupInfo = {
    ...layout,
    procCgroups: procCgroupsText === undefined ? undefined : parseProcCgroups(procCgroupsText),
    kernelRelease,
    swapAccounting: undefined,
  };
  info.swapAccounting = await probeSwapAccounting(info);
  return info;
}

async function probeSwapAccounting(info: CgroupInfo): Promise<boolean | undefined> {
  const memory = locateController(info, 'memory');
  if (memory.where === 'v1') return exists(path.join(memory.path, 'memory.memsw.limit_in_bytes'));
  if (memory.where !== 'v2') return undefined;
  // The v2 root cgroup has no memory.swap.* files; look at its children (init.scope, system.slice...).
  for (const child of (await listDir(memory.path)) ?? []) {
    if (await exists(path.join(memory.path, child, 'memory.current'))) {
      return exists(path.join(memory.path, child, 'memory.swap.max'));
    }
  }
  return undefined;
}

const kernelOption: Record<Controller, string> = {
  memory: 'CONFIG_MEMCG',
  cpu: 'CONFIG_CGROUP_SCHED and CONFIG_FAIR_GROUP_SCHED',
  pids: 'CONFIG_CGROUP_PIDS',
  freezer: 'CONFIG_CGROUP_FREEZER',
};

/** What each controller does for a container, said where the doctor reports it. */
const controllerMeaning: Record<Controller, string> = {
  memory: 'caps RAM (--memory)',
  cpu: 'caps CPU time (--cpus)',
  pids: 'caps the number of processes (--pids-limit)',
  freezer: 'pauses every process at once (tslab pause)',
};

const versionText: Record<CgroupVersion, string> = {
  v2: 'v2: one tree (the unified hierarchy) where every controller limits the same groups',
  v1: 'v1: each controller (memory, cpu, pids...) has a tree of its own',
  hybrid: 'hybrid: the controllers tslab uses are on v1, a tree of their own each',
  none: 'no cgroup filesystem mounted',
};

export function cgroupChecks(info: CgroupInfo): DoctorCheck[] {
  const checks: DoctorCheck[] = [];
  const where = `; a cgroup v2 tree at ${info.v2Mount} holds ${info.v2Controllers.length > 0 ? `only ${info.v2Controllers.join(' ')}` : 'no controller'}, which tslab does not use`;
  checks.push(
    info.version === 'none'
      ? check('cgroups', 'cgroups', 'missing', versionText.none, {
          fix: 'mount -t cgroup2 none /sys/fs/cgroup (kernel option CONFIG_CGROUPS)',
        })
      : check('cgroups', 'cgroups', 'ok', info.version === 'hybrid' ? `${versionText.hybrid}${where}` : versionText[info.version]),
  );
  for (const controller of cgroupControllers) {
    const place = locateController(info, controller);
    const required = controller !== 'freezer';
    const title = `cgroup ${controller}`;
    if (place.where !== 'none') {
      const how = controller === 'freezer' && place.where === 'v2' && !info.v2Controllers.includes('freezer') ? ', built in (cgroup.freeze)' : '';
      checks.push(check(`cgroup.${controller}`, title, 'ok', `${place.where} at ${place.path}${how}: ${controllerMeaning[controller]}`, { required }));
      continue;
    }
    const status = required ? 'missing' : 'warn';
    if (place.enabledInKernel === true && info.version !== 'v2') {
      const dir = `/sys/fs/cgroup/${controller}`;
      checks.push(
        check(`cgroup.${controller}`, title, status, `in the kernel but not mounted: it ${controllerMeaning[controller]}`, {
          required,
          fix: `mkdir -p ${dir} && mount -t cgroup -o ${controller} cgroup ${dir}`,
        }),
      );
    } else {
      const disabled = `${place.enabledInKernel === false ? 'disabled at boot' : 'not available in this kernel'}: it ${controllerMeaning[controller]}`;
      checks.push(
        check(`cgroup.${controller}`, title, status, disabled, {
          required,
          fix:
            place.enabledInKernel === false
              ? `remove cgroup_disable=${controller} from the kernel command line and reboot`
              : `a kernel built with ${kernelOption[controller]}`,
        }),
      );
    }
  }
  if (info.swapAccounting === false) {
    checks.push(
      check('cgroup.memsw', 'Memory swap accounting', 'warn', 'off: a memory limit cannot also limit swap', {
        required: false,
        fix: 'remove swapaccount=0 from the kernel command line (kernels before 5.8: add swapaccount=1), then reboot',
      }),
    );
  } else if (info.swapAccounting === true) {
    const file = locateController(info, 'memory').where === 'v1' ? 'memory.memsw.*' : 'memory.swap.max';
    checks.push(check('cgroup.memsw', 'Memory swap accounting', 'ok', `on (${file}): the kernel counts swap per group, so --memory keeps a container off swap`, { required: false }));
  }
  return checks;
}
