/** /proc/self/mountinfo, parsed: the kernel's own list of where each cgroup hierarchy is mounted. */

export interface MountInfo {
  /** Path of the mounted directory inside the filesystem (`/` unless in a cgroup namespace or bind mount). */
  root: string;
  mountPoint: string;
  fsType: string;
  source: string;
  /** Filesystem options; for cgroup v1 they name the controllers (`rw,cpu,cpuacct`). */
  superOptions: string[];
}

/** mountinfo escapes space, tab, newline and backslash as \040-style octal. */
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseMountInfo(text: string): MountInfo[] {
  const mounts: MountInfo[] = [];
  for (const line of text.split('\n')) {
    // 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
    const [before, after] = line.split(' - ');
    if (before === undefined || after === undefined) continue;
    const fields = before.split(' ');
    const [fsType, source, options] = after.split(' ');
    const root = fields[3];
    const mountPoint = fields[4];
    if (root === undefined || mountPoint === undefined || fsType === undefined) continue;
    mounts.push({
      root: unescapeOctal(root),
      mountPoint: unescapeOctal(mountPoint),
      fsType,
      source: source ?? '',
      superOptions: (options ?? '').split(','),
    });
  }
  return mounts;
}

/** Options of a v1 cgroup mount that are not controller names. */
const notControllers = new Set(['rw', 'ro', 'noprefix', 'xattr', 'clone_children', 'cpuset_v2_mode', 'favordynmods']);

/** The controllers a cgroup v1 mount carries (`name=systemd` hierarchies carry none). */
export function v1Controllers(mount: MountInfo): string[] {
  return mount.superOptions.filter((option) => /^[a-z_]+$/.test(option) && !notControllers.has(option));
}
