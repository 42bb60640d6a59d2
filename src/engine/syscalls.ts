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
  if_nametoindex: (name: string) => number;
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
    if_nametoindex: lib.func('unsigned int if_nametoindex(const char *ifname)') as Libc['if_nametoindex'],
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

/**
 * Does a network interface of this name exist in the caller's network
 * namespace? libc asks the kernel with an ioctl on a socket, which lives in the
 * caller's netns; /sys/class/net would show the namespace that mounted sysfs.
 */
export function interfaceExists(name: string): boolean {
  return load().if_nametoindex(name) !== 0;
}
