/** Creating namespaces, cgroups, mounts and veth pairs needs root (euid 0). */
import { check, type DoctorCheck } from './types.js';

export function rootChecks(euid: number | undefined): DoctorCheck[] {
  if (euid === 0) return [check('root', 'Running as root', 'ok', 'euid 0')];
  return [
    check('root', 'Running as root', 'missing', `euid ${euid ?? 'unknown'}: containers need root (namespaces, cgroups, mounts, veth)`, {
      fix: 'Run tslab as root: `sudo tslab ...`',
    }),
  ];
}
