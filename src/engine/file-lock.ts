/**
 * An exclusive flock on a file, taken without blocking the event loop: polled,
 * with a deadline. The kernel drops the lock when its holder dies, so a crash
 * never leaves tslab locked out.
 */
import { closeSync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { errnoCode, type TslabError } from './errors.js';
import { tryLockExclusive, unlock } from './syscalls.js';

export interface FileLockOptions {
  timeoutMs: number;
  /** The error to throw when the deadline passes (what is busy, and what to do). */
  busy: () => TslabError;
  /** The error to throw when the lock file (or its directory) does not exist. */
  missing?: () => TslabError;
  /**
   * Create the lock file when missing (default). A container's lock is not
   * created here: its absence means the container was removed, and creating it
   * again would race with the rm of its directory (ENOTEMPTY).
   */
  create?: boolean;
}

/** Run fn holding an exclusive lock on `file`. */
export async function withFileLock<T>(file: string, options: FileLockOptions, fn: () => Promise<T>): Promise<T> {
  let fd: number;
  try {
    fd = openSync(file, options.create === false ? 'r' : 'a');
  } catch (error) {
    if (options.missing && errnoCode(error) === 'ENOENT') throw options.missing();
    throw error;
  }
  try {
    const deadline = Date.now() + options.timeoutMs;
    // Jittered polling, so several waiters do not retry in lockstep.
    while (!tryLockExclusive(fd)) {
      if (Date.now() > deadline) throw options.busy();
      await sleep(5 + Math.random() * 15);
    }
    try {
      return await fn();
    } finally {
      unlock(fd);
    }
  } finally {
    closeSync(fd);
  }
}
