/**
 * cgroup v1 cpu controller: CFS bandwidth. `cpus: 0.5` is 50ms of CPU time in
 * every 100ms period (cpu.cfs_quota_us / cpu.cfs_period_us).
 */
import { join } from 'node:path';
import { writeCgroupFile } from '../files.js';
import { CPU_PERIOD_US, cpuQuotaUs } from '../limits.js';
import type { CgroupLimits } from '../types.js';
import type { Host } from '../../host.js';

export async function applyCpu(host: Host, dir: string, limits: CgroupLimits): Promise<void> {
  if (limits.cpus === undefined) return;
  await writeCgroupFile(host, join(dir, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
  await writeCgroupFile(host, join(dir, 'cpu.cfs_quota_us'), String(cpuQuotaUs(limits.cpus)));
}
