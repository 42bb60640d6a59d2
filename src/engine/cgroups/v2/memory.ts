/**
 * cgroup v2 memory controller: memory.max is the hard limit; memory.swap.max 0
 * keeps the group off swap, so going over memory.max invokes the OOM killer.
 * memory.swap.max exists only with swap accounting, so it is written when present.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readKeyedNumber, readNumber, readOptional, parseNumber, writeCgroupFile } from '../files.js';
import type { CgroupLimits, CgroupStats } from '../types.js';
import type { Host } from '../../host.js';

export async function applyMemory(host: Host, dir: string, limits: CgroupLimits): Promise<void> {
  if (limits.memoryBytes === undefined) return;
  await writeCgroupFile(host, join(dir, 'memory.max'), String(limits.memoryBytes));
  const swapMax = join(dir, 'memory.swap.max');
  if (existsSync(swapMax)) await writeCgroupFile(host, swapMax, '0');
}

export async function memoryStats(dir: string): Promise<Pick<CgroupStats, 'memoryBytes' | 'memoryPeakBytes' | 'oomKills' | 'memoryLimitBytes'>> {
  const current = await readNumber(join(dir, 'memory.current'));
  const peak = await readOptional(join(dir, 'memory.peak')); // Linux 5.19+
  const limit = await readNumber(join(dir, 'memory.max'));
  return {
    memoryBytes: current,
    memoryPeakBytes: peak === undefined ? current : parseNumber(peak, join(dir, 'memory.peak')),
    oomKills: await readKeyedNumber(join(dir, 'memory.events'), 'oom_kill'),
    ...(Number.isFinite(limit) ? { memoryLimitBytes: limit } : {}),
  };
}
