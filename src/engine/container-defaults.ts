/**
 * What every container gets unless asked otherwise, chosen to match docker's
 * defaults so what a learner sees in tslab is what they will see in docker.
 */

/** CLONE_NEW* namespaces a container gets; `user` is added with --userns. */
export const DEFAULT_NAMESPACES = ['pid', 'uts', 'ipc', 'mnt', 'net', 'cgroup'] as const;

/**
 * Docker's default capability set (numbers from linux/capability.h): enough to
 * be root inside a container, not enough to administer the host.
 */
export const DEFAULT_CAPABILITIES: Readonly<Record<string, number>> = {
  CAP_CHOWN: 0,
  CAP_DAC_OVERRIDE: 1,
  CAP_FOWNER: 3,
  CAP_FSETID: 4,
  CAP_KILL: 5,
  CAP_SETGID: 6,
  CAP_SETUID: 7,
  CAP_SETPCAP: 8,
  CAP_NET_BIND_SERVICE: 10,
  CAP_NET_RAW: 13,
  CAP_SYS_CHROOT: 18,
  CAP_MKNOD: 27,
  CAP_AUDIT_WRITE: 29,
  CAP_SETFCAP: 31,
};

export interface MountEntry {
  type: string;
  source: string;
  /** Inside the container's root. */
  target: string;
  flags: string[];
  data: string;
}

/** The kernel filesystems and devices a process expects to find; volumes come after these. */
export const DEFAULT_MOUNTS: readonly MountEntry[] = [
  { type: 'proc', source: 'proc', target: '/proc', flags: ['nosuid', 'noexec', 'nodev'], data: '' },
  { type: 'tmpfs', source: 'tmpfs', target: '/dev', flags: ['nosuid', 'strictatime'], data: 'mode=755,size=65536k' },
  { type: 'devpts', source: 'devpts', target: '/dev/pts', flags: ['nosuid', 'noexec'], data: 'newinstance,ptmxmode=0666,mode=0620' },
  { type: 'tmpfs', source: 'shm', target: '/dev/shm', flags: ['nosuid', 'noexec', 'nodev'], data: 'mode=1777,size=65536k' },
  { type: 'mqueue', source: 'mqueue', target: '/dev/mqueue', flags: ['nosuid', 'noexec', 'nodev'], data: '' },
  { type: 'sysfs', source: 'sysfs', target: '/sys', flags: ['nosuid', 'noexec', 'nodev', 'ro'], data: '' },
  // Device nodes are bind-mounted from the host: mknod is refused inside a user namespace.
  ...['null', 'zero', 'full', 'random', 'urandom', 'tty'].map((dev) => ({
    type: 'bind',
    source: `/dev/${dev}`,
    target: `/dev/${dev}`,
    flags: ['bind', 'nosuid', 'noexec'],
    data: '',
  })),
];

export const DEFAULT_SYMLINKS: ReadonlyArray<readonly [target: string, link: string]> = [
  ['/proc/self/fd', '/dev/fd'],
  ['/proc/self/fd/0', '/dev/stdin'],
  ['/proc/self/fd/1', '/dev/stdout'],
  ['/proc/self/fd/2', '/dev/stderr'],
  ['pts/ptmx', '/dev/ptmx'],
];

/** Files that leak host information or control the host: hidden (masked) or made read-only. */
export const MASKED_PATHS = ['/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/sched_debug', '/proc/scsi', '/sys/firmware'];
export const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** With --userns, root inside maps to this host uid/gid, and 65536 ids after it. */
export const USERNS_HOST_BASE = 100_000;
export const USERNS_SIZE = 65_536;
