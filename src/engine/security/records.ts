/** A container's SecuritySpec as shim records: `cap`, `no_new_privs`, `seccomp_*` (native/PROTOCOL.md). */
import type { ConfigRecord } from '../shim/protocol.js';
import type { SecuritySpec } from '../spec/types.js';
import { DEFAULT_CAPABILITIES } from '../container-defaults.js';
import { capabilityNumber } from './capabilities.js';
import { DEFAULT_SECCOMP_PROFILE } from './seccomp-default.js';
import { seccompRecords } from './seccomp.js';

/** A spec from before security options: docker's capabilities, no_new_privs and the default profile. */
const DEFAULTS: SecuritySpec = { capabilities: Object.keys(DEFAULT_CAPABILITIES), noNewPrivileges: true, seccomp: 'default', privileged: false };

export function securityRecords(security: SecuritySpec = DEFAULTS): ConfigRecord[] {
  const profile = security.seccomp === 'unconfined' ? undefined : security.seccomp === 'default' ? DEFAULT_SECCOMP_PROFILE : security.seccomp.profile;
  return [
    ...security.capabilities.map((name): ConfigRecord => ['cap', String(capabilityNumber(name))]),
    ...(security.noNewPrivileges ? [['no_new_privs', '1'] as ConfigRecord] : []),
    ...(profile ? seccompRecords(profile, security.capabilities) : []),
  ];
}
