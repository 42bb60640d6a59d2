/**
 * Mount propagation of / in the host mount namespace (shared_subtree, mount(8)).
 * A new mount namespace starts as a copy that keeps the same propagation, so it
 * decides whether mounts made for a container leak back to the host.
 */
import { mountAt, propagationOf, type MountEntry, type Propagation } from '../observe/mountinfo.js';
import { check, type DoctorCheck } from './types.js';

export function rootPropagation(mounts: readonly MountEntry[]): Propagation | undefined {
  const root = mountAt(mounts, '/');
  return root === undefined ? undefined : propagationOf(root);
}

const explain: Record<Propagation['kind'], (p: Propagation) => string> = {
  shared: (p) =>
    `shared (peer group ${p.peerGroup}, systemd's default): mounts made in a new mount namespace propagate back ` +
    'to the host until it runs `mount --make-rprivate /` (pivot_root refuses shared mounts anyway)',
  slave: (p) =>
    `slave (receives from peer group ${p.masterGroup}): host mounts appear in copies, mounts made in a container do not come back`,
  'shared+slave': (p) =>
    `shared (group ${p.peerGroup}) and slave of group ${p.masterGroup}: mounts propagate to peers until ` +
    'the new mount namespace runs `mount --make-rprivate /` (pivot_root refuses shared mounts anyway)',
  private: () => 'private: mounts propagate neither way; a container\'s mount namespace is isolated from the start',
  unbindable: () => 'unbindable: private, and cannot be bind-mounted',
};

export function propagationChecks(propagation: Propagation | undefined): DoctorCheck[] {
  const title = 'Propagation of /';
  if (propagation === undefined) {
    return [check('propagation', title, 'warn', 'no / in /proc/self/mountinfo', { required: false, fix: 'mount -t proc proc /proc' })];
  }
  return [check('propagation', title, 'ok', explain[propagation.kind](propagation), { required: false })];
}
