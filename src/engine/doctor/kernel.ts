/**
 * Kernel calls the shim relies on, by the release that added them. The shim
 * refuses rather than downgrades: without openat2 it cannot resolve a path
 * inside the container's root safely, so it does not start the container.
 */
import { check, type DoctorCheck } from './types.js';

/** `6.1.0-18-amd64` -> [6, 1]; undefined when unreadable. */
export function kernelVersion(release: string | undefined): [number, number] | undefined {
  const match = release === undefined ? null : /^(\d+)\.(\d+)/.exec(release);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

const atLeast = (v: [number, number], major: number, minor: number): boolean => v[0] > major || (v[0] === major && v[1] >= minor);

export function kernelChecks(release: string | undefined): DoctorCheck[] {
  const v = kernelVersion(release);
  if (!v) return [check('openat2', 'openat2 (paths resolved inside the root)', 'warn', `kernel release ${JSON.stringify(release ?? '')} could not be read`, { required: false })];
  const upgrade = 'upgrade the kernel (Debian 11+ and Ubuntu 22.04+ ship one that is new enough)';
  return [
    atLeast(v, 5, 6)
      ? check('openat2', 'openat2 (paths resolved inside the root)', 'ok', `Linux ${v.join('.')} has openat2(RESOLVE_IN_ROOT): a symlink in a root filesystem cannot lead a mount out of it`)
      : check('openat2', 'openat2 (paths resolved inside the root)', 'missing', `Linux ${v.join('.')} has no openat2 (5.6+): the shim refuses to set up a root it cannot resolve safely`, { fix: upgrade }),
    atLeast(v, 5, 11)
      ? check('close-range', 'close_range (inherited descriptors)', 'ok', 'inherited descriptors are marked close-on-exec in one call')
      : check('close-range', 'close_range (inherited descriptors)', 'warn', `Linux ${v.join('.')} has no close_range(CLOSE_RANGE_CLOEXEC) (5.11+): the shim marks them one by one instead`, { required: false, fix: upgrade }),
  ];
}
