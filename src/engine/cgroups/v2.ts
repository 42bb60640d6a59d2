/**
 * cgroup v2 driver: one hierarchy, one directory per container. A controller's
 * files appear in a group only when its parent lists the controller in
 * cgroup.subtree_control, so tslab's parent enables memory, cpu and pids for the
 * groups under it (and the root does for the parent, when it does not already).
 *
 * The mount root is a constructor argument: tests point it at a plain directory
 * laid out like cgroupfs, with `ops` standing in for rmdir and kill.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../host.js';
import { tslabPaths } from '../paths.js';
import { type CgroupOps, kernelOps, makeCgroupDir, noControllerError, readOptional, writeCgroupFile } from './files.js';
import { DEFAULT_TIMEOUT_MS, emptyAndRemove, makeGroupDir, processesIn, removeIfEmpty, withLimits } from './lifecycle.js';
import { assertLimits, assertName, optional } from './limits.js';
import type { Cgroup, CgroupDriver, CgroupLimits, CgroupStats, WaitOptions } from './types.js';
import { applyCpu, cpuStats, cpuUsageNanos } from './v2/cpu.js';
import { ioStats } from './v2/io.js';
import * as freezer from './v2/freeze.js';
import { applyMemory, memoryStats } from './v2/memory.js';
import { applyPids, pidsCurrent, pidsMax } from './v2/pids.js';
import { subdirectoryNames } from '../json-files.js';

/** Controllers enabled for containers' groups (freezing is built into every v2 group). */
export const V2_CONTROLLERS = ['memory', 'cpu', 'pids'] as const;

export interface CgroupV2Options {
  /** Where cgroup2 is mounted: /sys/fs/cgroup on a unified host. */
  root: string;
  parent?: string;
  ops?: CgroupOps;
  /** Records (and performs) the file writes; the engine's, so they land in its transcript. */
  host: Host;
}

export class CgroupV2Driver implements CgroupDriver {
  readonly version = 2 as const;
  readonly parent: string;
  readonly root: string;
  readonly #ops: CgroupOps;
  readonly #host: Host;

  constructor(options: CgroupV2Options) {
    this.root = options.root;
    this.parent = options.parent ?? tslabPaths().cgroupParent;
    assertName('parent', this.parent);
    this.#ops = options.ops ?? kernelOps;
    this.#host = options.host;
  }

  get parentDir(): string {
    return join(this.root, this.parent);
  }

  async create(id: string, limits: CgroupLimits = {}): Promise<Cgroup> {
    assertLimits(limits);
    const group = new CgroupV2(id, this.#groupDir(id), this.#ops, this.#host);
    await enableControllers(this.#host, this.root, true);
    await makeCgroupDir(this.#host, this.parentDir);
    await enableControllers(this.#host, this.parentDir, false);
    await makeGroupDir(this.#host, id, group.dir);
    return withLimits(group, limits);
  }

  open(id: string): Cgroup | undefined {
    const dir = this.#groupDir(id);
    return existsSync(dir) ? new CgroupV2(id, dir, this.#ops, this.#host) : undefined;
  }

  async list(): Promise<string[]> {
    return (await subdirectoryNames(this.parentDir)).sort();
  }

  removeParentIfEmpty(): Promise<boolean> {
    return removeIfEmpty(this.#host, this.parentDir, this.#ops);
  }

  #groupDir(id: string): string {
    assertName('id', id);
    return join(this.parentDir, id);
  }
}

/**
 * Make sure `dir`'s children get memory, cpu and pids: write the missing ones to its
 * cgroup.subtree_control. Where `dir` must offer them itself (the root), check its
 * cgroup.controllers first so a missing controller is named instead of an EINVAL.
 */
async function enableControllers(host: Host, dir: string, checkAvailable: boolean): Promise<void> {
  const words = async (file: string): Promise<string[]> => ((await readOptional(join(dir, file))) ?? '').split(/\s+/).filter(Boolean);
  const enabled = await words('cgroup.subtree_control');
  const missing = V2_CONTROLLERS.filter((c) => !enabled.includes(c));
  if (missing.length === 0) return;
  if (checkAvailable) {
    const available = await words('cgroup.controllers');
    const absent = missing.find((c) => !available.includes(c));
    if (absent !== undefined) throw noControllerError(absent, { version: 2, dir, available });
  }
  await writeCgroupFile(host, join(dir, 'cgroup.subtree_control'), missing.map((c) => `+${c}`).join(' '));
}

class CgroupV2 implements Cgroup {
  readonly version = 2 as const;
  readonly paths: Readonly<Record<string, string>>;

  constructor(
    readonly id: string,
    readonly dir: string,
    readonly ops: CgroupOps,
    readonly host: Host,
  ) {
    this.paths = { unified: dir };
  }

  procsFiles(): string[] {
    return [join(this.dir, 'cgroup.procs')];
  }

  async addProcess(pid: number): Promise<void> {
    await writeCgroupFile(this.host, join(this.dir, 'cgroup.procs'), String(pid));
  }

  async setLimits(limits: CgroupLimits): Promise<void> {
    assertLimits(limits);
    await applyMemory(this.host, this.dir, limits);
    await applyCpu(this.host, this.dir, limits);
    await applyPids(this.host, this.dir, limits);
  }

  async stats(): Promise<CgroupStats> {
    return {
      ...(await memoryStats(this.dir)),
      cpuUsageNanos: await cpuUsageNanos(this.dir),
      ...(await cpuStats(this.dir)),
      pidsCurrent: await pidsCurrent(this.dir),
      ...optional('pidsMax', await pidsMax(this.dir)),
      ...(await ioStats(this.dir)),
    };
  }

  freeze(options: WaitOptions = {}): Promise<void> {
    return freezer.freeze(this.host, this.dir, options.timeoutMs);
  }

  thaw(): Promise<void> {
    return freezer.thaw(this.host, this.dir);
  }

  isFrozen(): Promise<boolean> {
    return freezer.isFrozen(this.dir);
  }

  processes(): Promise<number[]> {
    return processesIn([this.dir]);
  }

  async destroy(options: WaitOptions = {}): Promise<void> {
    if (!existsSync(this.dir)) return;
    if (await freezer.freezeRequested(this.dir)) await this.thaw();
    // cgroup.kill (Linux 5.14+) kills the whole subtree at once; the loop after it
    // catches anything left, and does all the work on older kernels.
    if (existsSync(join(this.dir, 'cgroup.kill'))) await writeCgroupFile(this.host, join(this.dir, 'cgroup.kill'), '1');
    await emptyAndRemove(this.host, [this.dir], this.ops, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }
}
