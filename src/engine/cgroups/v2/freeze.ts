/**
 * cgroup v2 freezer (Linux 5.2+): writing 1 to cgroup.freeze asks to freeze;
 * the group is frozen once cgroup.events says `frozen 1`.
 */
import { join } from 'node:path';
import { TslabError } from '../../errors.js';
import { parseKeyed, readOptional, writeCgroupFile } from '../files.js';
import { DEFAULT_TIMEOUT_MS, waitFor } from '../lifecycle.js';
import type { Host } from '../../host.js';

export async function isFrozen(dir: string): Promise<boolean> {
  const events = await readOptional(join(dir, 'cgroup.events'));
  return events !== undefined && parseKeyed(events).get('frozen') === '1';
}

export async function freeze(host: Host, dir: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  await writeCgroupFile(host, join(dir, 'cgroup.freeze'), '1');
  if (!(await waitFor(() => isFrozen(dir), timeoutMs))) {
    await thaw(host, dir);
    throw new TslabError('E_CGROUP_FREEZE_TIMEOUT', `the group at ${dir} did not freeze within ${timeoutMs}ms`, {
      hint: 'A process in uninterruptible sleep (state D) cannot be frozen until its kernel call returns; it was thawed again.',
      context: { dir, timeoutMs },
    });
  }
}

export async function thaw(host: Host, dir: string): Promise<void> {
  await writeCgroupFile(host, join(dir, 'cgroup.freeze'), '0');
}

/** Whether freezing was asked for (cgroup.freeze), whether or not it has completed. */
export async function freezeRequested(dir: string): Promise<boolean> {
  return (await readOptional(join(dir, 'cgroup.freeze'))) === '1';
}
