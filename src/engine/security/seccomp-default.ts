/**
 * tslab's default seccomp profile: the effect of docker's default, written as
 * a list of what is refused (EPERM) rather than docker's list of ~350 allowed
 * calls, so a learner can read all of it. The refused calls are docker's:
 * those that act on the whole host (modules, clock, reboot, swap, kernel
 * keyring, accounting), that escape or inspect other processes (ptrace,
 * process_vm_*, kcmp, open_by_handle_at), that make namespaces or mounts, and
 * the large kernel surfaces docker also closes (bpf, perf_event_open,
 * userfaultfd, io_uring). As in docker, a capability given back with
 * --cap-add opens the calls it governs. Unlike an allow list, a syscall added
 * to a later kernel is allowed until listed here.
 */
import type { SeccompProfile, SeccompRule } from './seccomp.js';

const deny = (names: string[], unlessCap?: string): SeccompRule => ({
  names,
  action: 'SCMP_ACT_ERRNO',
  errnoRet: 1,
  ...(unlessCap ? { excludes: { caps: [unlessCap] } } : {}),
});

/** CLONE_NEW* flags: clone may make a thread or a process, not a namespace (without CAP_SYS_ADMIN). */
const NAMESPACE_FLAGS = [0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x00000080];

export const DEFAULT_SECCOMP_PROFILE: SeccompProfile = {
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [
    deny(['kexec_load', 'kexec_file_load', 'create_module', 'get_kernel_syms', 'query_module', 'nfsservctl', 'uselib', 'ustat', 'sysfs', '_sysctl', 'vm86', 'vm86old', 'lookup_dcookie', 'userfaultfd', 'io_uring_setup', 'io_uring_enter', 'io_uring_register']),
    deny(['add_key', 'request_key', 'keyctl']),
    deny(['init_module', 'finit_module', 'delete_module'], 'CAP_SYS_MODULE'),
    deny(['reboot'], 'CAP_SYS_BOOT'),
    deny(['settimeofday', 'stime', 'clock_settime', 'clock_adjtime', 'adjtimex'], 'CAP_SYS_TIME'),
    deny(['acct'], 'CAP_SYS_PACCT'),
    deny(['iopl', 'ioperm'], 'CAP_SYS_RAWIO'),
    deny(['ptrace', 'process_vm_readv', 'process_vm_writev', 'kcmp'], 'CAP_SYS_PTRACE'),
    deny(['syslog'], 'CAP_SYSLOG'),
    deny(['vhangup'], 'CAP_SYS_TTY_CONFIG'),
    deny(['bpf'], 'CAP_SYS_ADMIN'),
    deny(['perf_event_open'], 'CAP_SYS_ADMIN'),
    deny(['mbind', 'set_mempolicy', 'get_mempolicy', 'move_pages'], 'CAP_SYS_NICE'),
    deny(
      ['mount', 'umount', 'umount2', 'pivot_root', 'unshare', 'setns', 'swapon', 'swapoff', 'quotactl', 'quotactl_fd', 'name_to_handle_at', 'open_by_handle_at',
        'fsopen', 'fsconfig', 'fsmount', 'fspick', 'open_tree', 'move_mount', 'mount_setattr', 'fanotify_init'],
      'CAP_SYS_ADMIN',
    ),
    // clone3 passes its flags in memory a filter cannot read: ENOSYS makes libc fall back to clone, whose flags it can.
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38, excludes: { caps: ['CAP_SYS_ADMIN'] } },
    ...NAMESPACE_FLAGS.map((flag): SeccompRule => ({
      names: ['clone'],
      action: 'SCMP_ACT_ERRNO',
      errnoRet: 1,
      args: [{ index: 0, value: flag, valueTwo: flag, op: 'SCMP_CMP_MASKED_EQ' }],
      excludes: { caps: ['CAP_SYS_ADMIN'] },
    })),
  ],
};
