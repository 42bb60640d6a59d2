/**
 * Namespaces: which kinds this kernel has (/proc/self/ns/*) and whether user
 * namespaces can be created (user.max_user_namespaces, and Debian's older
 * kernel.unprivileged_userns_clone switch, which only limits non-root users).
 */
import path from 'node:path';
import { check, type DoctorCheck, type ProbeContext } from './types.js';
import { listDir, readNumber } from './read.js';

export const requiredNamespaces = ['pid', 'uts', 'ipc', 'mnt', 'net'] as const;
export const optionalNamespaces = ['user', 'cgroup'] as const;

const kernelOption: Record<string, string> = {
  pid: 'CONFIG_PID_NS',
  uts: 'CONFIG_UTS_NS',
  ipc: 'CONFIG_IPC_NS',
  mnt: 'CONFIG_NAMESPACES',
  net: 'CONFIG_NET_NS',
  user: 'CONFIG_USER_NS',
  cgroup: 'CONFIG_CGROUPS (cgroup namespaces, kernel 4.6+)',
};

export interface NamespaceInfo {
  /** Entries of /proc/self/ns, undefined when it cannot be read. */
  present: string[] | undefined;
  maxUserNamespaces: number | undefined;
  /** Debian's kernel.unprivileged_userns_clone, undefined where the sysctl does not exist. */
  unprivilegedUsernsClone: number | undefined;
}

export async function probeNamespaces(ctx: ProbeContext): Promise<NamespaceInfo> {
  return {
    present: await listDir(path.join(ctx.procRoot, 'self/ns')),
    maxUserNamespaces: await readNumber(path.join(ctx.procRoot, 'sys/user/max_user_namespaces')),
    unprivilegedUsernsClone: await readNumber(path.join(ctx.procRoot, 'sys/kernel/unprivileged_userns_clone')),
  };
}

export function namespaceChecks(info: NamespaceInfo): DoctorCheck[] {
  const present = new Set(info.present ?? []);
  const all = [...requiredNamespaces, ...optionalNamespaces];
  const missingRequired = requiredNamespaces.filter((ns) => !present.has(ns));
  const missingOptional = optionalNamespaces.filter((ns) => !present.has(ns));
  const found = all.filter((ns) => present.has(ns));
  const missing = [...missingRequired, ...missingOptional];
  const options = missing.map((ns) => kernelOption[ns]).join(', ');
  const nsCheck =
    info.present === undefined
      ? check('namespaces', 'Namespaces', 'missing', '/proc/self/ns cannot be read (is /proc mounted?)', {
          fix: 'mount -t proc proc /proc',
        })
      : check(
          'namespaces',
          'Namespaces',
          missingRequired.length > 0 ? 'missing' : missingOptional.length > 0 ? 'warn' : 'ok',
          // Each name is a part of the system a process can be given its own view of.
          missing.length === 0 ? `${found.join(' ')}: each a view of the system a container gets its own copy of` : `have: ${found.join(' ') || 'none'}; missing: ${missing.join(' ')}`,
          { fix: `a kernel built with ${options}` },
        );
  return [nsCheck, userNamespaceCheck(info, present.has('user'))];
}

function userNamespaceCheck(info: NamespaceInfo, kernelHasUser: boolean): DoctorCheck {
  const title = 'User namespaces';
  if (!kernelHasUser) {
    return check('userns', title, 'warn', 'not in this kernel (the user namespace lesson needs them)', {
      required: false,
      fix: 'a kernel built with CONFIG_USER_NS',
    });
  }
  if (info.maxUserNamespaces === 0) {
    return check('userns', title, 'warn', 'disabled: user.max_user_namespaces is 0', {
      required: false,
      fix: 'sysctl -w user.max_user_namespaces=15000',
    });
  }
  const limit = info.maxUserNamespaces === undefined ? 'enabled' : `enabled (max ${info.maxUserNamespaces})`;
  if (info.unprivilegedUsernsClone === 0) {
    return check('userns', title, 'ok', `${limit}; kernel.unprivileged_userns_clone=0 stops non-root users only, root does not need it`, {
      required: false,
    });
  }
  return check('userns', title, 'ok', limit, { required: false });
}
