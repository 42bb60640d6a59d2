/** A sandbox's mounts from /proc/PID/mountinfo, its overlay root's layers marked. */
import { readFileSync } from 'node:fs';
import { parseMountinfo } from './mountinfo.js';

export interface SandboxMount {
  mountPoint: string;
  fsType: string;
  source: string;
  readonly: boolean;
  /** For overlay: lowerdir (read-only layers, top first), upperdir, workdir. */
  overlay?: { lower: string[]; upper?: string; work?: string };
}

export function parseSandboxMounts(text: string): SandboxMount[] {
  return parseMountinfo(text).map((entry) => {
    const mount: SandboxMount = { mountPoint: entry.mountPoint, fsType: entry.fsType, source: entry.source, readonly: entry.options.includes('ro') };
    if (entry.fsType === 'overlay') {
      const option = (key: string) => entry.superOptions.find((o) => o.startsWith(`${key}=`))?.slice(key.length + 1);
      const upper = option('upperdir');
      const work = option('workdir');
      mount.overlay = { lower: (option('lowerdir') ?? '').split(':').filter(Boolean), ...(upper ? { upper } : {}), ...(work ? { work } : {}) };
    }
    return mount;
  });
}

export function observeMounts(pid: number): SandboxMount[] {
  try {
    return parseSandboxMounts(readFileSync(`/proc/${pid}/mountinfo`, 'utf8'));
  } catch {
    return [];
  }
}
