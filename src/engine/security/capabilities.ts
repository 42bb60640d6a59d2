/**
 * Linux capabilities by name (linux/capability.h), and the set a container
 * keeps: docker's default, changed by --cap-add/--cap-drop (names as the OCI
 * spec writes them, CAP_NET_ADMIN; docker's short NET_ADMIN is accepted too).
 */
import { DEFAULT_CAPABILITIES } from '../container-defaults.js';
import { TslabError } from '../errors.js';
import type { SecuritySpec } from '../spec/types.js';
import { DEFAULT_SECURITY } from './defaults.js';

export const CAPABILITIES: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK',
  'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE',
  'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** Its number (the bit the kernel uses), or undefined for an unknown name. */
export function capabilityNumber(name: string): number | undefined {
  const index = CAPABILITIES.indexOf(name);
  return index === -1 ? undefined : index;
}

/** `net_admin`, `NET_ADMIN`, `CAP_NET_ADMIN` -> `CAP_NET_ADMIN`; `ALL` stays `ALL`. */
function canonical(text: string, flag: string): string {
  const upper = text.trim().toUpperCase();
  if (upper === 'ALL') return upper;
  const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (capabilityNumber(name) === undefined) {
    throw new TslabError('E_BAD_CAPABILITY', `${flag}: unknown capability ${JSON.stringify(text)}`, {
      hint: `use a name from capabilities(7), e.g. ${flag} NET_ADMIN (or ALL); see \`man 7 capabilities\``,
    });
  }
  return name;
}

/** The names a container keeps, in kernel order: docker's rules (drop first, then add; ALL means every one). */
export function resolveCapabilities(add: readonly string[], drop: readonly string[], privileged: boolean): string[] {
  const adds = add.map((a) => canonical(a, '--cap-add'));
  const drops = drop.map((d) => canonical(d, '--cap-drop'));
  if (privileged) return [...CAPABILITIES];
  let kept = new Set(drops.includes('ALL') ? [] : Object.keys(DEFAULT_CAPABILITIES));
  for (const d of drops) kept.delete(d);
  if (adds.includes('ALL')) kept = new Set(CAPABILITIES);
  for (const a of adds) if (a !== 'ALL') kept.add(a);
  return CAPABILITIES.filter((c) => kept.has(c));
}

/** An exec's set: the container's plus `add` (lesson 2 sets the hostname with CAP_SYS_ADMIN); its seccomp filter stays. */
export function withCapabilities(security: SecuritySpec = DEFAULT_SECURITY, add: readonly string[]): SecuritySpec {
  if (add.length === 0) return security;
  const adds = add.map((a) => canonical(a, '--cap-add'));
  const kept = new Set([...security.capabilities, ...(adds.includes('ALL') ? CAPABILITIES : adds)]);
  return { ...security, capabilities: CAPABILITIES.filter((c) => kept.has(c)) };
}
