/**
 * cgroup v1 memory controller. The limit is written twice: memory.limit_in_bytes
 * (RAM) and memory.memsw.limit_in_bytes (RAM + swap) set to the same value, so the
 * group cannot swap and going over the limit invokes the OOM killer. The kernel
 * insists limit <= memsw at every moment, so the order depends on the direction.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseKeyed, parseNumber, readCgroupFile, readNumber, writeCgroupFile } from '../files.js';
import type { CgroupLimits, CgroupStats } from '../types.js';
import type { Host } from '../../host.js';

export async function applyMemory(host: Host, dir: string, limits: CgroupLimits): Promise<void> {
  if (limits.memoryBytes === undefined) return;
  const value = String(limits.memoryBytes);
  const limit = join(dir, 'memory.limit_in_bytes');
  const memsw = join(dir, 'memory.memsw.limit_in_bytes'); // absent without swap accounting
  if (existsSync(memsw)) {
    const currentMemsw = await readNumber(memsw);
    if (limits.memoryBytes > currentMemsw) {
      await writeCgroupFile(host, memsw, value);
      await writeCgroupFile(host, limit, value);
    } else {
      await writeCgroupFile(host, limit, value);
      await writeCgroupFile(host, memsw, value);
    }
  } else {
    await writeCgroupFile(host, limit, value);
  }
  const swappiness = join(dir, 'memory.swappiness');
  if (existsSync(swappiness)) await writeCgroupFile(host, swappiness, '0');
}

/** v1 has no "max": an unlimited group reads PAGE_COUNTER_MAX pages, about 2^63 bytes. */
const V1_UNLIMITED = 2 ** 62;

export async function memoryStats(dir: string): Promise<Pick<CgroupStats, 'memoryBytes' | 'memoryPeakBytes' | 'oomKills' | 'memoryLimitBytes'>> {
  const oomControl = parseKeyed(await readCgroupFile(join(dir, 'memory.oom_control')));
  const oomKill = oomControl.get('oom_kill'); // Linux 4.13+
  const limit = await readNumber(join(dir, 'memory.limit_in_bytes'));
  return {
    memoryBytes: await readNumber(join(dir, 'memory.usage_in_bytes')),
    memoryPeakBytes: await readNumber(join(dir, 'memory.max_usage_in_bytes')),
    oomKills: oomKill === undefined ? 0 : parseNumber(oomKill, join(dir, 'memory.oom_control')),
    ...(limit < V1_UNLIMITED ? { memoryLimitBytes: limit } : {}),
  };
}
