/**
 * What `tslab doctor` reports: one check per thing tslab needs from the host,
 * each with what was found and, when it is not ok, the command that fixes it.
 */

/** `unavailable`: an optional thing this host does not have, and needs not (aufs on a mainline kernel). */
export type CheckStatus = 'ok' | 'warn' | 'missing' | 'unavailable';

export interface DoctorCheck {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found, in one sentence a learner can read. */
  detail: string;
  /** The command (or kernel option) that fixes a check that is not ok. */
  fix?: string;
  /** A missing required check means containers cannot run; the CLI exits 1. */
  required: boolean;
}

import { Host } from '../host.js';

/** Where the probes read the host from; tests point these at fixture trees. */
export interface ProbeContext {
  /** Runs the probes' host tools (quietly: a probe is not something tslab did). */
  host: Host;
  procRoot: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Effective uid, or undefined where the platform has none (win32). */
  euid: number | undefined;
  /** Where to look for a tool that is not on PATH (default: the sbin directories). */
  offPathDirs?: readonly string[];
}

export function hostContext(): ProbeContext {
  return {
    host: new Host(),
    procRoot: '/proc',
    env: process.env,
    platform: process.platform,
    euid: typeof process.geteuid === 'function' ? process.geteuid() : undefined,
  };
}

export function check(
  id: string,
  title: string,
  status: CheckStatus,
  detail: string,
  options: { fix?: string | undefined; required?: boolean } = {},
): DoctorCheck {
  const result: DoctorCheck = { id, title, status, detail, required: options.required ?? true };
  if (status !== 'ok' && options.fix !== undefined) result.fix = options.fix;
  return result;
}
