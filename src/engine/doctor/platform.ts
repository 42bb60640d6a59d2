/**
 * tslab needs a Linux kernel: namespaces and cgroups are Linux features. On macOS
 * and Windows the answer is a Linux VM; on WSL it depends on which WSL.
 */
import path from 'node:path';
import { check, type DoctorCheck, type ProbeContext } from './types.js';
import { readText } from './read.js';

export type PlatformKind = 'linux' | 'wsl2' | 'wsl1' | 'darwin' | 'win32' | 'other';

export interface PlatformInfo {
  kind: PlatformKind;
  /** Kernel release where known (`6.1.0-18-amd64`, `5.15.146.1-microsoft-standard-WSL2`). */
  kernel?: string;
}

/**
 * WSL's kernels say so in /proc/version: WSL2's as `...-microsoft-standard-WSL2`
 * (older builds `-microsoft-standard`), WSL1's as `4.4.0-19041-Microsoft`.
 * WSL_DISTRO_NAME is set in both, and also covers a custom WSL2 kernel.
 */
export function detectPlatform(platform: NodeJS.Platform, procVersion: string | undefined, env: NodeJS.ProcessEnv): PlatformInfo {
  if (platform === 'darwin' || platform === 'win32') return { kind: platform };
  if (platform !== 'linux') return { kind: 'other' };
  const version = procVersion ?? '';
  const kernel = /^Linux version (\S+)/.exec(version)?.[1];
  const info = (kind: PlatformKind): PlatformInfo => (kernel === undefined ? { kind } : { kind, kernel });
  const lower = version.toLowerCase();
  if (lower.includes('microsoft')) {
    return info(lower.includes('microsoft-standard') || lower.includes('wsl2') ? 'wsl2' : 'wsl1');
  }
  if (env.WSL_DISTRO_NAME !== undefined || env.WSL_INTEROP !== undefined) return info('wsl2');
  return info('linux');
}

const vmHint =
  'tslab needs a Linux kernel (namespaces and cgroups are Linux features). ' +
  'Run a Linux VM (e.g. `multipass launch`, UTM or Lima on macOS) and run tslab inside it.';

export function platformChecks(info: PlatformInfo): DoctorCheck[] {
  const title = 'Platform';
  switch (info.kind) {
    case 'linux':
      return [check('platform', title, 'ok', `Linux ${info.kernel ?? ''}`.trim())];
    case 'wsl2':
      return [
        check('platform', title, 'warn', `WSL2 (kernel ${info.kernel ?? 'unknown'}): works, with WSL's own Linux kernel`, {
          required: false,
          fix:
            'For systemd and the cgroup v2 layout, put `[boot]` + `systemd=true` in /etc/wsl.conf; for pure cgroup v2 add ' +
            '`kernelCommandLine = cgroup_no_v1=all` under `[wsl2]` in %UserProfile%\\.wslconfig; then run `wsl --shutdown` from Windows.',
        }),
      ];
    case 'wsl1':
      return [
        check('platform', title, 'missing', 'WSL1 translates Linux calls and has no namespaces or cgroups; tslab cannot run there', {
          fix: 'Convert the distribution to WSL2 from Windows: `wsl --set-version <distro> 2` (then `wsl --set-default-version 2`).',
        }),
      ];
    case 'darwin':
      return [check('platform', title, 'missing', 'macOS has no Linux kernel', { fix: vmHint })];
    case 'win32':
      return [
        check('platform', title, 'missing', 'Windows has no Linux kernel', {
          fix: 'Install WSL2 (`wsl --install`) and run tslab inside the Linux distribution, or use a Linux VM.',
        }),
      ];
    case 'other':
      return [check('platform', title, 'missing', 'not Linux', { fix: vmHint })];
  }
}

export async function probePlatform(ctx: ProbeContext): Promise<PlatformInfo> {
  const procVersion = ctx.platform === 'linux' ? await readText(path.join(ctx.procRoot, 'version')) : undefined;
  return detectPlatform(ctx.platform, procVersion, ctx.env);
}
