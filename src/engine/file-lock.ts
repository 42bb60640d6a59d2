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
  /** The error to throw when the lock file's directory does not exist. */
  missing?: () => TslabError;
}

/** Run fn holding an exclusive lock on `file` (created when missing). */
export async function withFileLock<T>(file: string, options: FileLockOptions, fn: () => Promise<T>): Promise<T> {
  let fd: number;
  try {
    fd = openSync(file, 'a');
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
