/**
 * The sandbox's namespaces beside the host's: the inode of each /proc/PID/ns
 * link (or of a named netns' bind mount), with differences marked.
 */
import { statSync } from 'node:fs';

export const COMPARED_NAMESPACES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'user', 'uts'] as const;

export interface NamespaceRow {
  type: string;
  sandbox?: number;
  host?: number;
  differs: boolean;
}

function inode(file: string): number | undefined {
  try {
    return statSync(file).ino;
  } catch {
    return undefined;
  }
}

/** A container's namespaces (by pid) against the host's (pid 1's, else our own). */
export function compareNamespaces(target: { pid?: number; netnsPath?: string }, hostPid: number | 'self' = 'self'): NamespaceRow[] {
  return COMPARED_NAMESPACES.map((type) => {
    const host = inode(`/proc/${hostPid}/ns/${type}`);
    const sandbox =
      target.pid !== undefined ? inode(`/proc/${target.pid}/ns/${type}`) : type === 'net' && target.netnsPath ? inode(target.netnsPath) : undefined;
    return { type, ...(sandbox !== undefined ? { sandbox } : {}), ...(host !== undefined ? { host } : {}), differs: sandbox !== undefined && sandbox !== host };
  });
}
