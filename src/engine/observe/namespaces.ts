/** Namespace identities: the inode of each /proc/PID/ns/* link. */
import { statSync } from 'node:fs';

export const NAMESPACE_TYPES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'user', 'uts'] as const;
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

export function namespaceInodes(pid: number | 'self'): Record<NamespaceType, number> {
  const inodes = {} as Record<NamespaceType, number>;
  for (const type of NAMESPACE_TYPES) inodes[type] = statSync(`/proc/${pid}/ns/${type}`).ino;
  return inodes;
}
