/**
 * Union filesystems for the container's root: overlay (mainline since 3.18) is
 * what tslab uses; aufs is legacy, never merged into mainline, noted when present.
 */
import path from 'node:path';
import type { Host } from '../host.js';
import { check, type DoctorCheck, type ProbeContext } from './types.js';
import { readText } from './read.js';

/** /proc/filesystems: `nodev\toverlay` or `\text4` per line. */
export function parseFilesystems(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const name = line.trim().split(/\s+/).pop();
    if (name) names.add(name);
  }
  return names;
}

export type FsAvailability = 'present' | 'loadable' | 'absent';

export interface UnionFsInfo {
  overlay: FsAvailability;
  aufs: FsAvailability;
}

/** `modprobe -n` is a dry run: exit 0 when the module exists, nothing is loaded. */
async function loadable(host: Host, module: string): Promise<boolean> {
  try {
    const result = await host.run('modprobe', ['-n', module], { quiet: true, allowFailure: true });
    return result.exitCode === 0;
  } catch {
    return false; // no modprobe (kmod) on this machine
  }
}

export async function probeUnionFs(ctx: ProbeContext): Promise<UnionFsInfo> {
  const filesystems = parseFilesystems((await readText(path.join(ctx.procRoot, 'filesystems'))) ?? '');
  const availability = async (name: string): Promise<FsAvailability> =>
    filesystems.has(name) ? 'present' : (await loadable(ctx.host, name)) ? 'loadable' : 'absent';
  return { overlay: await availability('overlay'), aufs: await availability('aufs') };
}

const overlayMeaning = 'stacks a writable layer on the read-only sandbox, so each container changes only its own copy';

export function unionFsChecks(info: UnionFsInfo): DoctorCheck[] {
  const overlay =
    info.overlay === 'present'
      ? check('overlayfs', 'overlayfs', 'ok', `in /proc/filesystems: ${overlayMeaning}`)
      : info.overlay === 'loadable'
        ? check('overlayfs', 'overlayfs', 'ok', `module available, loads on first mount: ${overlayMeaning}`)
        : check('overlayfs', 'overlayfs', 'missing', 'not in /proc/filesystems and no overlay module', {
            fix: 'modprobe overlay (needs a kernel built with CONFIG_OVERLAY_FS)',
          });
  // Absent is the normal case (mainline kernels never had aufs): not available, yet not a warning.
  const aufs = check(
    'aufs',
    'aufs (legacy)',
    info.aufs === 'absent' ? 'unavailable' : 'ok',
    info.aufs === 'absent'
      ? 'not available in this kernel: aufs, the union filesystem early docker used, was never merged into mainline; tslab uses overlay'
      : info.aufs === 'present'
        ? 'in /proc/filesystems (a kernel with the out-of-tree aufs patches)'
        : 'module available (out-of-tree aufs patches)',
    { required: false },
  );
  return [overlay, aufs];
}
