/**
 * The cgroup interface the engine uses, whatever the host runs.
 *
 * A container gets one cgroup, named by its id, under tslab's parent directory
 * (`tslabPaths().cgroupParent`, `tslab` by default):
 *   v1: /sys/fs/cgroup/<controller>/tslab/<id>  for memory, cpu, cpuacct, pids, freezer
 *   v2: /sys/fs/cgroup/tslab/<id>                one directory for every controller
 *
 * Two drivers implement it (v1.ts, v2.ts, one file per controller under v1/ and v2/);
 * detect.ts picks one for the host, once. The shape follows runc's cgroups Manager
 * (Apply/Set/GetStats/Freeze/Destroy) and youki's CgroupManager.
 */

export type CgroupVersion = 1 | 2;

/** Limits a container asks for. A field left out is not changed (a new group starts unlimited). */
export interface CgroupLimits {
  /** Hard memory limit in bytes. Swap is turned off for the group, so going over it OOM-kills. */
  memoryBytes?: number;
  /** CPU bandwidth in CPUs (0.5 = half of one CPU), written as a CFS quota per 100ms period. */
  cpus?: number;
  /** Most processes (tasks, threads included) the group may hold at once. */
  pidsMax?: number;
  /** Device access, in order (OCI linux.resources.devices); the last matching rule wins. */
  devices?: DeviceRule[];
}

/** One device cgroup rule: allow or deny ACCESS (r, w, m = mknod) to TYPE MAJOR:MINOR (undefined = any). */
export interface DeviceRule {
  allow: boolean;
  type: 'a' | 'c' | 'b';
  major?: number;
  minor?: number;
  access: string;
}

/** What the kernel reports for a group, read from its files on every call. */
export interface CgroupStats {
  /** v1 memory.usage_in_bytes, v2 memory.current. */
  memoryBytes: number;
  /** v1 memory.max_usage_in_bytes, v2 memory.peak (memory.current where the kernel lacks it). */
  memoryPeakBytes: number;
  /** v1 cpuacct.usage, v2 cpu.stat usage_usec * 1000. */
  cpuUsageNanos: number;
  /** pids.current. */
  pidsCurrent: number;
  /** Processes the OOM killer killed in the group: v1 memory.oom_control, v2 memory.events oom_kill. */
  oomKills: number;
  /** The limits as the kernel holds them now; absent when there is none. v1 memory.limit_in_bytes, v2 memory.max. */
  memoryLimitBytes?: number;
  /** CPUs' worth of quota: v1 cpu.cfs_quota_us / cpu.cfs_period_us, v2 cpu.max. */
  cpuLimit?: number;
  /** pids.max. */
  pidsMax?: number;
  /** CFS periods in which the group used up its quota and had to wait: cpu.stat nr_throttled. */
  cpuThrottledPeriods: number;
  /** Time it spent waiting for the next period: v1 cpu.stat throttled_time, v2 throttled_usec * 1000. */
  cpuThrottledNanos: number;
  /** Bytes read from and written to block devices: v2 io.stat, where the io controller is enabled for the group. */
  ioReadBytes?: number;
  ioWriteBytes?: number;
}

export interface WaitOptions {
  /** How long to wait for the kernel (freezing, processes dying, rmdir no longer EBUSY). */
  timeoutMs?: number;
}

/** One container's cgroup. */
export interface Cgroup {
  readonly id: string;
  readonly version: CgroupVersion;
  /** Its directories: v1 one per controller (`memory`, `cpu`...), v2 one (`unified`). */
  readonly paths: Readonly<Record<string, string>>;
  /** The cgroup.procs files a pid must be written to for it to join the group (one per distinct directory). */
  procsFiles(): string[];
  /** Move a process (its whole thread group) into the group. */
  addProcess(pid: number): Promise<void>;
  setLimits(limits: CgroupLimits): Promise<void>;
  stats(): Promise<CgroupStats>;
  /** Freeze every process in the group; resolves once the kernel reports it frozen. */
  freeze(options?: WaitOptions): Promise<void>;
  thaw(): Promise<void>;
  isFrozen(): Promise<boolean>;
  /** Pids in the group (not in nested groups), sorted. */
  processes(): Promise<number[]>;
  /**
   * SIGKILL what is left (thawing first), wait for the group to empty, remove its
   * directories (nested ones too). Idempotent: a group already gone is fine.
   */
  destroy(options?: WaitOptions): Promise<void>;
}

/** Creates and finds containers' cgroups under tslab's parent. */
export interface CgroupDriver {
  readonly version: CgroupVersion;
  /** The parent directory's name under each hierarchy (`tslab`). */
  readonly parent: string;
  /** Make the group (reusing an empty leftover of the same id) and write its limits. */
  create(id: string, limits?: CgroupLimits): Promise<Cgroup>;
  /** The group if any of its directories exists, else undefined. Nothing is created. */
  open(id: string): Cgroup | undefined;
  /** Ids of the groups under the parent: running containers' and leftovers for gc. */
  list(): Promise<string[]>;
  /** Remove the parent directories if nothing is under them; true when none is left. */
  removeParentIfEmpty(): Promise<boolean>;
}
