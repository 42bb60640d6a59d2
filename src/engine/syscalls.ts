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
  mknod: (path: string, mode: number, dev: number) => number;
  lsetxattr: (path: string, name: string, value: Buffer, size: number, flags: number) => number;
  lgetxattr: (path: string, name: string, value: Buffer, size: number) => number;
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
    mknod: lib.func('int mknod(const char *path, uint32_t mode, uint64_t dev)') as Libc['mknod'],
    lsetxattr: lib.func('int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)') as Libc['lsetxattr'],
    lgetxattr: lib.func('int lgetxattr(const char *path, const char *name, _Out_ void *value, size_t size)') as Libc['lgetxattr'],
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

function fail(call: string, path: string): never {
  const errno = load().errno();
  throw Object.assign(new Error(`${call} ${path}: errno ${errno}`), { errno, path });
}

/** Node has no mknod: device nodes and overlay whiteouts (char 0:0) in image layers need it. */
export function mknod(path: string, mode: number, major = 0, minor = 0): void {
  // glibc's makedev layout for dev_t.
  const dev = (major & 0xfff) * 256 + (minor & 0xff) + (minor & ~0xff) * 4096 + (major & ~0xfff) * 2 ** 32;
  if (load().mknod(path, mode, dev) !== 0) fail('mknod', path);
}

/** Set an extended attribute on a path without following a symlink (overlay's trusted.overlay.opaque). */
export function lsetxattr(path: string, name: string, value: string): void {
  const data = Buffer.from(value);
  if (load().lsetxattr(path, name, data, data.length, 0) !== 0) fail('lsetxattr', path);
}

const ENODATA = 61;

/** An extended attribute's value, or undefined when the path does not have it. */
export function lgetxattr(path: string, name: string): string | undefined {
  const c = load();
  const data = Buffer.alloc(256);
  const n = c.lgetxattr(path, name, data, data.length);
  if (n >= 0) return data.subarray(0, n).toString();
  if (c.errno() === ENODATA) return undefined;
  return fail('lgetxattr', path);
}

/**
 * Does a network interface of this name exist in the caller's network
 * namespace? libc asks the kernel with an ioctl on a socket, which lives in the
 * caller's netns; /sys/class/net would show the namespace that mounted sysfs.
 */
export function interfaceExists(name: string): boolean {
  return load().if_nametoindex(name) !== 0;
}
