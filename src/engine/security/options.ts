/**
 * The security options of `run` -> the container's SecuritySpec: capabilities
 * kept, no_new_privs, seccomp profile, --privileged. Docker's defaults unless
 * asked otherwise; --privileged turns every protection off (see the README's
 * "Security model": it is for learning what the defaults do, not for use).
 */
import { TslabError } from '../errors.js';
import type { SecuritySpec } from '../spec/types.js';
import { resolveCapabilities } from './capabilities.js';
import { loadSeccompFile } from './seccomp.js';

export interface SecurityRequest {
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  /** docker's --security-opt: seccomp=unconfined|FILE, no-new-privileges[=true|false]. */
  securityOpt?: string[];
}

export function validateSecurity(request: SecurityRequest): SecuritySpec {
  const privileged = request.privileged ?? false;
  let seccomp: SecuritySpec['seccomp'] = privileged ? 'unconfined' : 'default';
  let noNewPrivileges = !privileged;
  for (const opt of request.securityOpt ?? []) {
    const eq = opt.indexOf('=');
    const [key, value] = eq === -1 ? [opt, undefined] : [opt.slice(0, eq), opt.slice(eq + 1)];
    if (key === 'seccomp' && value) {
      seccomp = value === 'unconfined' ? 'unconfined' : { profile: loadSeccompFile(value) };
    } else if (key === 'no-new-privileges' && (value === undefined || value === 'true' || value === 'false')) {
      noNewPrivileges = value !== 'false';
    } else {
      throw new TslabError('E_BAD_SECURITY_OPT', `unknown --security-opt ${JSON.stringify(opt)}`, {
        hint: 'tslab knows seccomp=unconfined, seccomp=PROFILE.json and no-new-privileges[=false]',
      });
    }
  }
  return { capabilities: resolveCapabilities(request.capAdd ?? [], request.capDrop ?? [], privileged), noNewPrivileges, seccomp, privileged };
}
