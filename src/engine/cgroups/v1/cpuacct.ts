/** cgroup v1 cpuacct controller: CPU time used by the group, in nanoseconds. */
import { join } from 'node:path';
import { readNumber } from '../files.js';

export async function cpuUsageNanos(dir: string): Promise<number> {
  return readNumber(join(dir, 'cpuacct.usage'));
}
