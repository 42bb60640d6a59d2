/** A container's SecuritySpec as shim records: `cap`, `no_new_privs`, `seccomp_*` (native/PROTOCOL.md). */
import type { ConfigRecord } from '../shim/protocol.js';
import type { SecuritySpec } from '../spec/types.js';
import { capabilityNumber } from './capabilities.js';
import { DEFAULT_SECURITY } from './defaults.js';
import { DEFAULT_SECCOMP_PROFILE } from './seccomp-default.js';
import { seccompRecords } from './seccomp.js';

export function securityRecords(security: SecuritySpec = DEFAULT_SECURITY): ConfigRecord[] {
  const profile = security.seccomp === 'unconfined' ? undefined : security.seccomp === 'default' ? DEFAULT_SECCOMP_PROFILE : security.seccomp.profile;
  return [
    ...security.capabilities.map((name): ConfigRecord => ['cap', String(capabilityNumber(name))]),
    ...(security.noNewPrivileges ? [['no_new_privs', '1'] as ConfigRecord] : []),
    ...(profile ? seccompRecords(profile, security.capabilities) : []),
  ];
}
