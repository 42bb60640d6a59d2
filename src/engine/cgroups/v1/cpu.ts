/**
 * cgroup v1 cpu controller: CFS bandwidth. `cpus: 0.5` is 50ms of CPU time in
 * every 100ms period (cpu.cfs_quota_us / cpu.cfs_period_us).
 */
import { join } from 'node:path';
import { parseKeyed, readCgroupFile, readNumber, writeCgroupFile } from '../files.js';
import { CPU_PERIOD_US, cpuQuotaUs } from '../limits.js';
import type { CgroupLimits, CgroupStats } from '../types.js';
import type { Host } from '../../host.js';

export async function applyCpu(host: Host, dir: string, limits: CgroupLimits): Promise<void> {
  if (limits.cpus === undefined) return;
  await writeCgroupFile(host, join(dir, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
  await writeCgroupFile(host, join(dir, 'cpu.cfs_quota_us'), String(cpuQuotaUs(limits.cpus)));
}

/** The quota in CPUs (a quota of -1 is none) and cpu.stat's throttling counters. */
export async function cpuStats(dir: string): Promise<Pick<CgroupStats, 'cpuLimit' | 'cpuThrottledPeriods' | 'cpuThrottledNanos'>> {
  const quota = await readNumber(join(dir, 'cpu.cfs_quota_us'));
  const period = await readNumber(join(dir, 'cpu.cfs_period_us'));
  const stat = parseKeyed(await readCgroupFile(join(dir, 'cpu.stat')));
  return {
    ...(quota > 0 ? { cpuLimit: quota / period } : {}),
    cpuThrottledPeriods: Number(stat.get('nr_throttled') ?? 0),
    cpuThrottledNanos: Number(stat.get('throttled_time') ?? 0),
  };
}
