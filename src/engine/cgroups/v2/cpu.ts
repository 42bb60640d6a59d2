/**
 * cgroup v2 cpu controller: cpu.max is "QUOTA PERIOD" in microseconds ("50000 100000"
 * is half a CPU); cpu.stat's usage_usec is the CPU time used.
 */
import { join } from 'node:path';
import { readKeyedNumber, writeCgroupFile } from '../files.js';
import { CPU_PERIOD_US, cpuQuotaUs } from '../limits.js';
import type { CgroupLimits } from '../types.js';
import type { Host } from '../../host.js';

export async function applyCpu(host: Host, dir: string, limits: CgroupLimits): Promise<void> {
  if (limits.cpus === undefined) return;
  await writeCgroupFile(host, join(dir, 'cpu.max'), `${cpuQuotaUs(limits.cpus)} ${CPU_PERIOD_US}`);
}

export async function cpuUsageNanos(dir: string): Promise<number> {
  return (await readKeyedNumber(join(dir, 'cpu.stat'), 'usage_usec')) * 1000;
}
