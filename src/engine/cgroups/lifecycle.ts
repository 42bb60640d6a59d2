/**
 * What both versions do the same way. Making a group: mkdir (reusing an empty
 * leftover), then its limits, removing it again when they cannot be written.
 * Taking a group down: SIGKILL every process in it (and in groups nested under
 * it) until none is left, then rmdir deepest first, retrying while the kernel
 * still says EBUSY. Missing directories are fine, so destroy can run again
 * after a crash halfway through.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TslabError, errnoCode } from '../errors.js';
import type { Host } from '../host.js';
import { type CgroupOps, makeCgroupDir, readProcs, sleep } from './files.js';
import type { Cgroup, CgroupLimits } from './types.js';

export const DEFAULT_TIMEOUT_MS = 5_000;
const POLL_MS = 10;

/** Every directory of the tree rooted at `dir`, deepest first, `dir` last; none if it is gone. */
export async function subtreeDirs(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
  const dirs: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) dirs.push(...(await subtreeDirs(join(dir, entry.name))));
  }
  dirs.push(dir);
  return dirs;
}

export async function processesIn(dirs: readonly string[]): Promise<number[]> {
  const all = (await Promise.all(dirs.map(readProcs))).flat();
  return [...new Set(all)].sort((a, b) => a - b);
}

/** mkdir a container's group; one left behind is reused only when no process is in it. */
export async function makeGroupDir(host: Host, id: string, dir: string): Promise<void> {
  if (!(await makeCgroupDir(host, dir)) && (await processesIn([dir])).length > 0) {
    throw new TslabError('E_CGROUP_EXISTS', `a cgroup for ${id} already exists and has processes in it`, {
      hint: 'Another container with this id is running, or one was left behind: `tslab gc` removes leftovers.',
      context: { id, dir },
    });
  }
}

/** Write a new group's limits; a group whose limits cannot be written is removed again. */
export async function withLimits(group: Cgroup, limits: CgroupLimits): Promise<Cgroup> {
  try {
    await group.setLimits(limits);
  } catch (error) {
    await group.destroy().catch(() => undefined);
    throw error;
  }
  return group;
}

/** Kill everything under `tops` (one top directory per hierarchy) and remove the directories. */
export async function emptyAndRemove(host: Host, tops: readonly string[], ops: CgroupOps, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const dirs = (await Promise.all(tops.map(subtreeDirs))).flat();
  await killUntilEmpty(host, dirs, ops, deadline);
  for (const dir of dirs) await removeDir(host, dir, ops, deadline);
}

async function killUntilEmpty(host: Host, dirs: readonly string[], ops: CgroupOps, deadline: number): Promise<void> {
  const signalled = new Set<number>();
  for (;;) {
    const pids = await processesIn(dirs);
    if (pids.length === 0) return;
    const fresh = pids.filter((pid) => !signalled.has(pid));
    if (fresh.length > 0) host.record('command', `kill -KILL ${fresh.join(' ')}`);
    for (const pid of pids) {
      try {
        ops.kill(pid, 'SIGKILL');
      } catch (error) {
        if (errnoCode(error) !== 'ESRCH') throw error;
      }
      signalled.add(pid);
    }
    if (Date.now() > deadline) {
      throw new TslabError('E_CGROUP_BUSY', `processes ${pids.join(', ')} did not exit after SIGKILL`, {
        hint: 'A process in uninterruptible sleep (state D in /proc/PID/status, e.g. on a hung mount) dies only when its kernel call returns.',
        context: { dirs, pids },
      });
    }
    await sleep(POLL_MS);
  }
}

async function removeDir(host: Host, dir: string, ops: CgroupOps, deadline: number): Promise<void> {
  host.record('command', `rmdir ${dir}`);
  for (;;) {
    try {
      await ops.rmdir(dir);
      return;
    } catch (error) {
      const errno = errnoCode(error);
      if (errno === 'ENOENT') return;
      const retry = errno === 'EBUSY' || errno === 'ENOTEMPTY';
      if (!retry || Date.now() > deadline) {
        throw new TslabError('E_CGROUP_BUSY', `cannot remove cgroup ${dir}: ${errno ?? (error as Error).message}`, {
          hint: retry ? 'Processes or nested groups are still in it; `tslab gc` retries.' : undefined,
          cause: error,
          context: { dir, errno },
        });
      }
      await sleep(POLL_MS);
    }
  }
}

/** rmdir the parent if it is empty; false when something is still under it. */
export async function removeIfEmpty(host: Host, dir: string, ops: CgroupOps): Promise<boolean> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.some((entry) => entry.isDirectory())) return false;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return true;
    throw error;
  }
  host.record('command', `rmdir ${dir}`);
  try {
    await ops.rmdir(dir);
    return true;
  } catch (error) {
    const errno = errnoCode(error);
    if (errno === 'ENOENT') return true;
    if (errno === 'EBUSY' || errno === 'ENOTEMPTY') return false;
    throw error;
  }
}

/** Poll `check` until it is true or the time is up. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
}
