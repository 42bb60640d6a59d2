/**
 * /proc/<pid>/mountinfo, see proc(5): the kernel's own list of what is mounted
 * where, read by the doctor (propagation, cgroup hierarchies), the cgroup
 * detection (which version, where each v1 controller is) and inspect.
 *
 *   36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   id parent dev root mountpoint options [optional fields...] - fstype source superoptions
 */

export interface MountEntry {
  id: number;
  parentId: number;
  /** Path of the mounted directory inside the filesystem (`/` unless a bind mount or in a cgroup namespace). */
  root: string;
  mountPoint: string;
  options: string[];
  /** Propagation tags: `shared:N`, `master:N`, `propagate_from:N`, `unbindable`. */
  optional: string[];
  fsType: string;
  source: string;
  /** Filesystem options; for cgroup v1 they name the controllers (`rw,cpu,cpuacct`). */
  superOptions: string[];
}

/** Mount points escape space, tab, newline and backslash as octal (\040). */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export function parseMountinfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const dash = fields.indexOf('-');
    if (dash < 6 || fields.length < dash + 3) continue;
    entries.push({
      id: Number(fields[0]),
      parentId: Number(fields[1]),
      root: unescape(fields[3] ?? ''),
      mountPoint: unescape(fields[4] ?? ''),
      options: (fields[5] ?? '').split(','),
      optional: fields.slice(6, dash),
      fsType: fields[dash + 1] ?? '',
      source: unescape(fields[dash + 2] ?? ''),
      superOptions: (fields[dash + 3] ?? '').split(','),
    });
  }
  return entries;
}

/** The mount a path resolves to: the last one listed at that mount point wins (it is on top). */
export function mountAt(entries: readonly MountEntry[], mountPoint: string): MountEntry | undefined {
  return entries.findLast((entry) => entry.mountPoint === mountPoint);
}

export type PropagationKind = 'shared' | 'slave' | 'shared+slave' | 'private' | 'unbindable';

export interface Propagation {
  kind: PropagationKind;
  /** Peer group this mount shares events with (shared:N). */
  peerGroup?: number;
  /** Peer group this mount receives events from (master:N). */
  masterGroup?: number;
}

export function propagationOf(entry: Pick<MountEntry, 'optional'>): Propagation {
  let peerGroup: number | undefined;
  let masterGroup: number | undefined;
  let unbindable = false;
  for (const tag of entry.optional) {
    const [name, value] = tag.split(':');
    if (name === 'shared') peerGroup = Number(value);
    else if (name === 'master') masterGroup = Number(value);
    else if (name === 'unbindable') unbindable = true;
  }
  const result: Propagation = { kind: 'private' };
  if (peerGroup !== undefined) result.peerGroup = peerGroup;
  if (masterGroup !== undefined) result.masterGroup = masterGroup;
  if (peerGroup !== undefined && masterGroup !== undefined) result.kind = 'shared+slave';
  else if (peerGroup !== undefined) result.kind = 'shared';
  else if (masterGroup !== undefined) result.kind = 'slave';
  else if (unbindable) result.kind = 'unbindable';
  return result;
}
