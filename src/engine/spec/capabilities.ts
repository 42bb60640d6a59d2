/**
 * Capability names and numbers (linux/capability.h), for what a caller asks an
 * exec to keep: `CAP_SYS_ADMIN` to set a container's hostname, for instance.
 */
import { DEFAULT_CAPABILITIES } from '../container-defaults.js';
import { TslabError } from '../errors.js';
import type { ContainerSpec } from './types.js';

const EXTRA: Readonly<Record<string, number>> = {
  CAP_DAC_READ_SEARCH: 2,
  CAP_LINUX_IMMUTABLE: 9,
  CAP_NET_BROADCAST: 11,
  CAP_NET_ADMIN: 12,
  CAP_IPC_LOCK: 14,
  CAP_IPC_OWNER: 15,
  CAP_SYS_MODULE: 16,
  CAP_SYS_RAWIO: 17,
  CAP_SYS_PTRACE: 19,
  CAP_SYS_PACCT: 20,
  CAP_SYS_ADMIN: 21,
  CAP_SYS_BOOT: 22,
  CAP_SYS_NICE: 23,
  CAP_SYS_RESOURCE: 24,
  CAP_SYS_TIME: 25,
  CAP_SYS_TTY_CONFIG: 26,
  CAP_LEASE: 28,
  CAP_AUDIT_CONTROL: 30,
  CAP_MAC_OVERRIDE: 32,
  CAP_MAC_ADMIN: 33,
  CAP_SYSLOG: 34,
  CAP_WAKE_ALARM: 35,
  CAP_BLOCK_SUSPEND: 36,
  CAP_AUDIT_READ: 37,
  CAP_PERFMON: 38,
  CAP_BPF: 39,
  CAP_CHECKPOINT_RESTORE: 40,
};

const ALL: Readonly<Record<string, number>> = { ...DEFAULT_CAPABILITIES, ...EXTRA };

/** Names (`CAP_SYS_ADMIN` or `SYS_ADMIN`, any case) -> numbers; an unknown name is a clear error. */
export function capabilityNumbers(names: readonly string[]): number[] {
  return names.map((name) => {
    const key = name.toUpperCase().startsWith('CAP_') ? name.toUpperCase() : `CAP_${name.toUpperCase()}`;
    const number = ALL[key];
    if (number === undefined) {
      throw new TslabError('E_BAD_CAPABILITY', `unknown capability ${JSON.stringify(name)}`, { hint: 'use a name from `man 7 capabilities`, e.g. CAP_SYS_ADMIN' });
    }
    return number;
  });
}

/** The set a container's processes keep: its spec's own (an OCI bundle's) or Docker's default set. */
export function containerCapabilities(process: Pick<ContainerSpec['process'], 'capabilities'>): number[] {
  return process.capabilities ?? Object.values(DEFAULT_CAPABILITIES);
}

/** A container's set plus `add`: what an exec keeps when asked for more. */
export function capabilitiesWith(base: readonly number[], add: readonly string[]): number[] {
  return [...new Set([...base, ...capabilityNumbers(add)])].sort((a, b) => a - b);
}
