/**
 * The few libc calls made from the Node process itself, through koffi. Only
 * calls that are safe in a multithreaded process belong here: namespace
 * changes (unshare, setns, clone, pivot_root, sethostname) happen only in the
 * native shim.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Libc {
  flock: (fd: number, operation: number) => number;
  lgetxattr: (path: string, name: string, value: Buffer, size: number) => number;
  errno: () => number;
}

let libc: Libc | undefined;

// koffi is loaded on first use: commands that never lock (help, doctor) skip its start-up cost.
function load(): Libc {
  if (libc) return libc;
  const koffi = require('koffi') as typeof import('koffi');
  const lib = koffi.load('libc.so.6');
  libc = {
    flock: lib.func('int flock(int fd, int operation)') as Libc['flock'],
    lgetxattr: lib.func('long lgetxattr(const char *path, const char *name, _Out_ uint8_t *value, size_t size)') as Libc['lgetxattr'],
    errno: () => koffi.errno(),
  };
  return libc;
}

export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;
const EWOULDBLOCK = 11;

/** Try to take an exclusive flock without blocking the event loop; false when someone else holds it. */
export function tryLockExclusive(fd: number): boolean {
  const c = load();
  if (c.flock(fd, LOCK_EX | LOCK_NB) === 0) return true;
  const errno = c.errno();
  if (errno === EWOULDBLOCK) return false;
  throw Object.assign(new Error(`flock failed: errno ${errno}`), { errno });
}

export function unlock(fd: number): void {
  load().flock(fd, LOCK_UN);
}

/** An extended attribute of a path (not following a last symlink), or undefined when it has none. */
export function readXattr(path: string, name: string): string | undefined {
  const value = Buffer.alloc(256);
  const size = load().lgetxattr(path, name, value, value.length);
  return size < 0 ? undefined : value.subarray(0, size).toString('utf8');
}
