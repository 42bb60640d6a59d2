/** What a container may do when nothing else is asked: docker's capabilities, no_new_privs and the default seccomp profile. */
import { DEFAULT_CAPABILITIES } from '../container-defaults.js';
import type { SecuritySpec } from '../spec/types.js';

export const DEFAULT_SECURITY: SecuritySpec = { capabilities: Object.keys(DEFAULT_CAPABILITIES), noNewPrivileges: true, seccomp: 'default', privileged: false };
