/**
 * iptables: installed, and which backend. Since 1.8 `iptables` is either
 * iptables-nft (rules go to nf_tables) or iptables-legacy (x_tables); the
 * version line says which: `iptables v1.8.9 (nf_tables)` / `iptables v1.8.7 (legacy)`.
 */
import type { Host } from '../host.js';
import { isTslabError } from '../errors.js';
import { check, type DoctorCheck } from './types.js';
import { findOffPath, offPathDetail, offPathFix } from './tools.js';

export type IptablesBackend = 'nf_tables' | 'legacy';

export interface IptablesVersion {
  version: string;
  backend: IptablesBackend;
}

/** Before 1.8 there was only the legacy backend and no suffix. */
export function parseIptablesVersion(text: string): IptablesVersion | undefined {
  const match = /iptables v(\d+(?:\.\d+)*)(?:\s+\(([\w-]+)\))?/.exec(text);
  if (!match?.[1]) return undefined;
  return { version: match[1], backend: match[2] === 'nf_tables' ? 'nf_tables' : 'legacy' };
}

export type IptablesInfo = { installed: false; offPath?: string } | { installed: true; parsed: IptablesVersion | undefined; raw: string };

export async function probeIptables(host: Host, pathVar: string | undefined, offPathDirs?: readonly string[]): Promise<IptablesInfo> {
  try {
    const result = await host.run('iptables', ['--version'], { quiet: true, allowFailure: true });
    const raw = (result.stdout || result.stderr).trim();
    return { installed: true, parsed: parseIptablesVersion(raw), raw };
  } catch (error) {
    if (isTslabError(error) && error.code === 'E_TOOL_MISSING') {
      const offPath = await findOffPath('iptables', pathVar, offPathDirs);
      return offPath === undefined ? { installed: false } : { installed: false, offPath };
    }
    throw error;
  }
}

export function iptablesChecks(info: IptablesInfo): DoctorCheck[] {
  if (!info.installed && info.offPath !== undefined) {
    return [check('iptables', 'iptables', 'missing', offPathDetail(info.offPath), { fix: offPathFix })];
  }
  if (!info.installed) {
    return [check('iptables', 'iptables', 'missing', 'not installed (needed for NAT and port publishing)', { fix: 'tslab setup' })];
  }
  if (info.parsed === undefined) {
    return [check('iptables', 'iptables', 'warn', `unrecognised version output: ${info.raw || '(empty)'}`, { fix: 'tslab setup' })];
  }
  const backend = info.parsed.backend === 'nf_tables' ? 'nf_tables backend (iptables-nft)' : 'legacy backend (x_tables)';
  return [check('iptables', 'iptables', 'ok', `v${info.parsed.version}, ${backend}`)];
}
