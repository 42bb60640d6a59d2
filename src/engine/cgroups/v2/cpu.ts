/**
 * cgroup v2 cpu controller: cpu.max is "QUOTA PERIOD" in microseconds ("50000 100000"
 * is half a CPU); cpu.stat's usage_usec is the CPU time used.
 */
import { join } from 'node:path';
import { parseKeyed, readCgroupFile, readKeyedNumber, writeCgroupFile } from '../files.js';
import { CPU_PERIOD_US, cpuQuotaUs } from '../limits.js';
import type { CgroupLimits, CgroupStats } from '../types.js';
import type { Host } from '../../host.js';

export async function applyCpu(host: Host, dir: string, limits: CgroupLimits): Promise<void> {
  if (limits.cpus === undefined) return;
  await writeCgroupFile(host, join(dir, 'cpu.max'), `${cpuQuotaUs(limits.cpus)} ${CPU_PERIOD_US}`);
}

export async function cpuUsageNanos(dir: string): Promise<number> {
  return (await readKeyedNumber(join(dir, 'cpu.stat'), 'usage_usec')) * 1000;
}

/** cpu.max's quota in CPUs (`max` is none) and cpu.stat's throttling counters (present once the cpu controller is on). */
export async function cpuStats(dir: string): Promise<Pick<CgroupStats, 'cpuLimit' | 'cpuThrottledPeriods' | 'cpuThrottledNanos'>> {
  const [quota = 'max', period = String(CPU_PERIOD_US)] = (await readCgroupFile(join(dir, 'cpu.max'))).split(/\s+/);
  const stat = parseKeyed(await readCgroupFile(join(dir, 'cpu.stat')));
  return {
    ...(quota !== 'max' ? { cpuLimit: Number(quota) / Number(period) } : {}),
    cpuThrottledPeriods: Number(stat.get('nr_throttled') ?? 0),
    cpuThrottledNanos: Number(stat.get('throttled_usec') ?? 0) * 1000,
  };
}
