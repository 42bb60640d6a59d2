/**
 * Which cgroup version this host gives tslab, decided once per process:
 *   cgroup2 mounted at /sys/fs/cgroup                 -> v2 ("unified")
 *   v1 controllers mounted (with or without a cgroup2
 *   beside them, e.g. /sys/fs/cgroup/unified)         -> v1 ("hybrid" / "legacy")
 *   only a cgroup2 elsewhere that has controllers     -> v2 at that mount
 * The answer comes from /proc/self/mountinfo, the kernel's list of mounts, so a
 * combined cpu,cpuacct mount or a non-standard mount point is found as it is.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TslabError } from '../errors.js';
import type { Host } from '../host.js';
import type { TslabPaths } from '../paths.js';
import { type MountEntry, parseMountinfo } from '../observe/mountinfo.js';
import type { CgroupDriver, CgroupVersion } from './types.js';
import { CgroupV1Driver } from './v1.js';
import { CgroupV2Driver } from './v2.js';

export const UNIFIED_MOUNT = '/sys/fs/cgroup';

/** What `tslab doctor` shows about cgroups. */
export interface CgroupHostInfo {
  version: CgroupVersion;
  /** unified: v2 only; hybrid: v1 controllers plus a cgroup2 mount; legacy: v1 only. */
  mode: 'unified' | 'hybrid' | 'legacy';
  /** Controllers available to the chosen version, sorted. */
  controllers: string[];
  /** v1: controller -> mount point; v2: `unified` -> mount point. */
  mounts: Record<string, string>;
  /** v1 hybrid: where the cgroup2 hierarchy beside the v1 ones is mounted (it holds the controllers v1 does not). */
  cgroup2?: string;
}

/** Options of a v1 cgroup mount that are not controller names. */
const notControllers = new Set(['rw', 'ro', 'noprefix', 'xattr', 'clone_children', 'cpuset_v2_mode', 'favordynmods', 'all', 'none']);

/** The controllers a cgroup v1 mount carries (`name=systemd` hierarchies carry none). */
export function v1Controllers(mount: Pick<MountEntry, 'superOptions'>): string[] {
  return mount.superOptions.filter((option) => /^[a-z_]+$/.test(option) && !notControllers.has(option));
}

/** Reads a cgroup2 mount's cgroup.controllers; replaceable for tests. */
export type ControllersReader = (mountPoint: string) => string[];

/** A cgroup2 mount's cgroup.controllers, in the kernel's order; none when it cannot be read. */
export const readControllers: ControllersReader = (mountPoint) => {
  try {
    return readFileSync(join(mountPoint, 'cgroup.controllers'), 'utf8').split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
};

export function describeCgroups(mounts: readonly MountEntry[], controllersOf: ControllersReader = readControllers): CgroupHostInfo {
  const v2Mounts = mounts.filter((m) => m.fsType === 'cgroup2');
  const v1Mounts = mounts.filter((m) => m.fsType === 'cgroup');
  const unified = v2Mounts.find((m) => m.mountPoint === UNIFIED_MOUNT);
  if (unified !== undefined) return v2Info(unified, 'unified', controllersOf);

  const byController: Record<string, string> = {};
  for (const mount of v1Mounts) {
    for (const controller of v1Controllers(mount)) byController[controller] ??= mount.mountPoint;
  }
  if (Object.keys(byController).length > 0) {
    const info: CgroupHostInfo = {
      version: 1,
      mode: v2Mounts.length > 0 ? 'hybrid' : 'legacy',
      controllers: Object.keys(byController).sort(),
      mounts: byController,
    };
    if (v2Mounts[0] !== undefined) info.cgroup2 = v2Mounts[0].mountPoint;
    return info;
  }

  const usable = v2Mounts.find((m) => controllersOf(m.mountPoint).length > 0);
  if (usable !== undefined) return v2Info(usable, 'hybrid', controllersOf);

  throw new TslabError('E_CGROUP_UNAVAILABLE', 'no usable cgroup filesystem is mounted', {
    hint:
      v2Mounts.length > 0
        ? 'A cgroup2 filesystem is mounted but offers no controllers. Boot with `systemd.unified_cgroup_hierarchy=1` to give them to cgroup v2.'
        : 'Mount one as root: `mount -t cgroup2 none /sys/fs/cgroup` (or boot a systemd distribution, which does it).',
    context: { mounts: [...v2Mounts, ...v1Mounts].map((m) => `${m.fsType} ${m.mountPoint}`) },
  });
}

function v2Info(mount: MountEntry, mode: CgroupHostInfo['mode'], controllersOf: ControllersReader): CgroupHostInfo {
  return { version: 2, mode, controllers: controllersOf(mount.mountPoint).sort(), mounts: { unified: mount.mountPoint } };
}

export async function readCgroupHostInfo(mountinfoPath = '/proc/self/mountinfo'): Promise<CgroupHostInfo> {
  if (process.platform !== 'linux') {
    throw new TslabError('E_CGROUP_UNAVAILABLE', `cgroups are a Linux feature; this is ${process.platform}`, {
      hint: 'Run tslab in a Linux virtual machine (multipass, lima, WSL2 or a cloud VM).',
    });
  }
  let text: string;
  try {
    text = await readFile(mountinfoPath, 'utf8');
  } catch (error) {
    throw new TslabError('E_CGROUP_UNAVAILABLE', `cannot read ${mountinfoPath}`, {
      hint: 'Is /proc mounted? (`mount -t proc proc /proc`)',
      cause: error,
    });
  }
  return describeCgroups(parseMountinfo(text));
}

/** The driver for the host's cgroups, for a given parent name; its writes go through `host`. */
export function driverFor(info: CgroupHostInfo, host: Host, parent?: string): CgroupDriver {
  if (info.version === 2) {
    const root = info.mounts.unified;
    if (root === undefined) throw new TslabError('E_CGROUP_UNAVAILABLE', 'no cgroup2 mount point was found');
    return new CgroupV2Driver({ root, parent, host });
  }
  return new CgroupV1Driver({ mounts: info.mounts, parent, host });
}

let cachedInfo: Promise<CgroupHostInfo> | undefined;

/** The host's cgroup description, read once per process. */
export function cgroupHostInfo(): Promise<CgroupHostInfo> {
  cachedInfo ??= readCgroupHostInfo();
  cachedInfo.catch(() => {
    cachedInfo = undefined; // an error is not cached: the learner may fix it and retry
  });
  return cachedInfo;
}

/** The engine's cgroup driver (detection once per process; a driver is a small object). */
export async function getCgroupDriver(engine: { paths: Pick<TslabPaths, 'cgroupParent'>; host: Host }): Promise<CgroupDriver> {
  return driverFor(await cgroupHostInfo(), engine.host, engine.paths.cgroupParent);
}
