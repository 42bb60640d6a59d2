/** The pids controller: the same two files in cgroup v1 and v2. */
import { join } from 'node:path';
import { readNumber, writeCgroupFile } from '../files.js';
import type { CgroupLimits } from '../types.js';
import type { Host } from '../../host.js';

export async function applyPids(host: Host, dir: string, limits: CgroupLimits): Promise<void> {
  if (limits.pidsMax === undefined) return;
  await writeCgroupFile(host, join(dir, 'pids.max'), String(limits.pidsMax));
}

export async function pidsCurrent(dir: string): Promise<number> {
  return readNumber(join(dir, 'pids.current'));
}

/** pids.max, undefined for `max`. */
export async function pidsMax(dir: string): Promise<number | undefined> {
  const max = await readNumber(join(dir, 'pids.max'));
  return Number.isFinite(max) ? max : undefined;
}
