/**
 * cgroup v1 freezer. Writing FROZEN starts freezing; freezer.state says FREEZING
 * until every task has stopped, so we poll it (asking again now and then, like runc).
 */
import { join } from 'node:path';
import { TslabError } from '../../errors.js';
import { readCgroupFile, writeCgroupFile } from '../files.js';
import { DEFAULT_TIMEOUT_MS, waitFor } from '../lifecycle.js';
import type { Host } from '../../host.js';

export async function freezerState(dir: string): Promise<string> {
  return readCgroupFile(join(dir, 'freezer.state'));
}

export async function freeze(host: Host, dir: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const file = join(dir, 'freezer.state');
  await writeCgroupFile(host, file, 'FROZEN');
  let polls = 0;
  const frozen = await waitFor(async () => {
    if ((await freezerState(dir)) === 'FROZEN') return true;
    // A task forked while freezing can escape the first request: ask again now and then.
    if (++polls % 10 === 0) await writeCgroupFile(host, file, 'FROZEN');
    return false;
  }, timeoutMs);
  if (!frozen) {
    await writeCgroupFile(host, file, 'THAWED');
    throw new TslabError('E_CGROUP_FREEZE_TIMEOUT', `the group at ${dir} did not freeze within ${timeoutMs}ms`, {
      hint: 'A process in uninterruptible sleep (state D) cannot be frozen until its kernel call returns; it was thawed again.',
      context: { dir, timeoutMs },
    });
  }
}

export async function thaw(host: Host, dir: string): Promise<void> {
  await writeCgroupFile(host, join(dir, 'freezer.state'), 'THAWED');
}
