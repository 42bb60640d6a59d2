import { TslabError } from '../engine/errors.js';

/** Namespaces, cgroups and mounts need root; say so before anything is attempted. */
export function requireRoot(command: string): void {
  if (process.geteuid?.() !== 0) {
    throw new TslabError('E_NOT_ROOT', `tslab ${command} needs root: creating namespaces, cgroups and mounts needs CAP_SYS_ADMIN`, {
      hint: `run it as root: sudo tslab ${command} ...`,
    });
  }
}
