/**
 * cgroup v1 driver: each controller is its own hierarchy, mounted at its own
 * place (/sys/fs/cgroup/memory, /sys/fs/cgroup/cpu,cpuacct...), so a container's
 * group is one directory per hierarchy and a process joins by writing its pid to
 * each one's cgroup.procs. Nothing is ever written in a hierarchy's root group.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../errors.js';
import type { Host } from '../host.js';
import { tslabPaths } from '../paths.js';
import { type CgroupOps, kernelOps, makeCgroupDir, noControllerError, writeCgroupFile } from './files.js';
import { DEFAULT_TIMEOUT_MS, emptyAndRemove, makeGroupDir, processesIn, removeIfEmpty, withLimits } from './lifecycle.js';
import { assertLimits, assertName, optional } from './limits.js';
import type { Cgroup, CgroupDriver, CgroupLimits, CgroupStats, WaitOptions } from './types.js';
import { applyCpu, cpuStats } from './v1/cpu.js';
import { cpuUsageNanos } from './v1/cpuacct.js';
import { applyDevices } from './v1/devices.js';
import * as freezer from './v1/freezer.js';
import { applyMemory, memoryStats } from './v1/memory.js';
import { applyPids, pidsCurrent, pidsMax } from './v1/pids.js';

/** The v1 controllers a container's group uses. */
export const V1_CONTROLLERS = ['memory', 'cpu', 'cpuacct', 'pids', 'freezer', 'devices'] as const;
type V1Controller = (typeof V1_CONTROLLERS)[number];

export interface CgroupV1Options {
  /** Mount point of each controller's hierarchy (from /proc/self/mountinfo, see detect.ts). */
  mounts: Readonly<Record<string, string>>;
  parent?: string;
  ops?: CgroupOps;
  /** Records (and performs) the file writes; the engine's, so they land in its transcript. */
  host: Host;
}

export class CgroupV1Driver implements CgroupDriver {
  readonly version = 1 as const;
  readonly parent: string;
  readonly #mounts: Readonly<Record<string, string>>;
  readonly #ops: CgroupOps;
  readonly #host: Host;

  constructor(options: CgroupV1Options) {
    this.parent = options.parent ?? tslabPaths().cgroupParent;
    assertName('parent', this.parent);
    this.#mounts = options.mounts;
    this.#ops = options.ops ?? kernelOps;
    this.#host = options.host;
  }

  async create(id: string, limits: CgroupLimits = {}): Promise<Cgroup> {
    assertLimits(limits);
    const group = new CgroupV1(id, this.#groupPaths(id), this.#ops, this.#host);
    for (const dir of group.dirs) {
      await makeCgroupDir(this.#host, join(dir, '..'));
      await makeGroupDir(this.#host, id, dir);
    }
    return withLimits(group, limits);
  }

  open(id: string): Cgroup | undefined {
    const group = new CgroupV1(id, this.#groupPaths(id), this.#ops, this.#host);
    return group.dirs.some((dir) => existsSync(dir)) ? group : undefined;
  }

  async list(): Promise<string[]> {
    const ids = new Set<string>();
    for (const dir of this.#parentDirs()) {
      try {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          if (entry.isDirectory()) ids.add(entry.name);
        }
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw error;
      }
    }
    return [...ids].sort();
  }

  async removeParentIfEmpty(): Promise<boolean> {
    let allGone = true;
    for (const dir of this.#parentDirs()) {
      if (!(await removeIfEmpty(this.#host, dir, this.#ops))) allGone = false;
    }
    return allGone;
  }

  #parentDirs(): string[] {
    const mounts = V1_CONTROLLERS.map((c) => this.#mounts[c]).filter((m): m is string => m !== undefined);
    return [...new Set(mounts)].map((mount) => join(mount, this.parent));
  }

  #groupPaths(id: string): Record<V1Controller, string> {
    assertName('id', id);
    const paths = {} as Record<V1Controller, string>;
    for (const controller of V1_CONTROLLERS) {
      const mount = this.#mounts[controller];
      if (mount === undefined) throw noControllerError(controller, { version: 1 });
      paths[controller] = join(mount, this.parent, id);
    }
    return paths;
  }
}

class CgroupV1 implements Cgroup {
  readonly version = 1 as const;
  /** Distinct directories: cpu and cpuacct share one where they are mounted together. */
  readonly dirs: string[];

  constructor(
    readonly id: string,
    readonly paths: Readonly<Record<V1Controller, string>>,
    readonly ops: CgroupOps,
    readonly host: Host,
  ) {
    this.dirs = [...new Set(Object.values(paths))];
  }

  procsFiles(): string[] {
    return this.dirs.map((dir) => join(dir, 'cgroup.procs'));
  }

  async addProcess(pid: number): Promise<void> {
    for (const file of this.procsFiles()) await writeCgroupFile(this.host, file, String(pid));
  }

  async setLimits(limits: CgroupLimits): Promise<void> {
    assertLimits(limits);
    await applyMemory(this.host, this.paths.memory, limits);
    await applyCpu(this.host, this.paths.cpu, limits);
    await applyPids(this.host, this.paths.pids, limits);
    await applyDevices(this.host, this.paths.devices, limits);
  }

  async stats(): Promise<CgroupStats> {
    return {
      ...(await memoryStats(this.paths.memory)),
      cpuUsageNanos: await cpuUsageNanos(this.paths.cpuacct),
      ...(await cpuStats(this.paths.cpu)),
      pidsCurrent: await pidsCurrent(this.paths.pids),
      ...optional('pidsMax', await pidsMax(this.paths.pids)),
    };
  }

  freeze(options: WaitOptions = {}): Promise<void> {
    return freezer.freeze(this.host, this.paths.freezer, options.timeoutMs);
  }

  thaw(): Promise<void> {
    return freezer.thaw(this.host, this.paths.freezer);
  }

  async isFrozen(): Promise<boolean> {
    return (await freezer.freezerState(this.paths.freezer)) === 'FROZEN';
  }

  processes(): Promise<number[]> {
    return processesIn(this.dirs);
  }

  async destroy(options: WaitOptions = {}): Promise<void> {
    // A frozen task keeps a SIGKILL pending until it is thawed.
    if (existsSync(this.paths.freezer) && (await freezer.freezerState(this.paths.freezer)) !== 'THAWED') {
      await this.thaw();
    }
    await emptyAndRemove(this.host, this.dirs, this.ops, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }
}
