/**
 * Seccomp profiles in the OCI runtime spec's shape (linux.seccomp), which is
 * also the shape of docker's profile files: a default action and rules by
 * syscall name, with argument conditions. The engine resolves a profile for
 * one container (docker's includes/excludes by capability) and hands the shim
 * plain rules; the shim compiles them to BPF with libseccomp.
 */
import { readFileSync } from 'node:fs';
import { TslabError } from '../errors.js';
import type { ConfigRecord } from '../shim/protocol.js';

export const SECCOMP_ACTIONS = ['SCMP_ACT_ALLOW', 'SCMP_ACT_ERRNO', 'SCMP_ACT_KILL', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP', 'SCMP_ACT_LOG'] as const;
export type SeccompAction = (typeof SECCOMP_ACTIONS)[number];
export const SECCOMP_OPS = ['SCMP_CMP_NE', 'SCMP_CMP_LT', 'SCMP_CMP_LE', 'SCMP_CMP_EQ', 'SCMP_CMP_GE', 'SCMP_CMP_GT', 'SCMP_CMP_MASKED_EQ'] as const;
export type SeccompOp = (typeof SECCOMP_OPS)[number];

export interface SeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: SeccompOp;
}

export interface SeccompRule {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  args?: SeccompArg[];
  /** docker's profile files: the rule applies only when the container has (includes) / lacks (excludes) these capabilities. */
  includes?: { caps?: string[] };
  excludes?: { caps?: string[] };
}

export interface SeccompProfile {
  defaultAction: SeccompAction;
  defaultErrnoRet?: number;
  syscalls: SeccompRule[];
}

const EPERM = 1;

/** `--security-opt seccomp=FILE`: a docker/OCI JSON profile, checked field by field. */
export function loadSeccompFile(file: string): SeccompProfile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TslabError('E_BAD_SECCOMP', `seccomp profile ${file} could not be read as JSON: ${(error as Error).message}`, {
      hint: 'give a docker or OCI seccomp profile (JSON with defaultAction and syscalls), or seccomp=unconfined',
    });
  }
  return validateProfile(data, file);
}

export function validateProfile(data: unknown, where: string): SeccompProfile {
  const bad = (what: string) =>
    new TslabError('E_BAD_SECCOMP', `seccomp profile ${where}: ${what}`, { hint: 'see the OCI runtime spec, linux.seccomp; e.g. {"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir"],"action":"SCMP_ACT_ERRNO"}]}' });
  if (typeof data !== 'object' || data === null) throw bad('not a JSON object');
  const p = data as Record<string, unknown>;
  const action = (v: unknown, field: string): SeccompAction => {
    if (typeof v !== 'string' || !(SECCOMP_ACTIONS as readonly string[]).includes(v)) throw bad(`${field} must be one of ${SECCOMP_ACTIONS.join(', ')}`);
    return v as SeccompAction;
  };
  const errno = (v: unknown, field: string): number | undefined => {
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 4095) throw bad(`${field} must be an errno number`);
    return v as number;
  };
  const caps = (v: unknown, field: string): { caps?: string[] } | undefined => {
    if (v === undefined) return undefined;
    const list = (v as { caps?: unknown }).caps;
    if (list !== undefined && (!Array.isArray(list) || !list.every((c) => typeof c === 'string'))) throw bad(`${field}.caps must be a list of names`);
    return list === undefined ? {} : { caps: list as string[] };
  };
  if (!Array.isArray(p.syscalls ?? [])) throw bad('syscalls must be a list');
  const syscalls = ((p.syscalls ?? []) as unknown[]).map((entry, i): SeccompRule => {
    const r = entry as Record<string, unknown>;
    const names = Array.isArray(r.names) ? r.names : typeof r.name === 'string' ? [r.name] : undefined;
    if (!names || names.length === 0 || !names.every((n) => typeof n === 'string' && /^[a-z0-9_]+$/.test(n))) throw bad(`syscalls[${i}].names must list syscall names`);
    const args = ((r.args ?? []) as unknown[]).map((a, j): SeccompArg => {
      const x = a as Record<string, unknown>;
      if (!Number.isInteger(x.index) || (x.index as number) < 0 || (x.index as number) > 5) throw bad(`syscalls[${i}].args[${j}].index must be 0 to 5`);
      if (!Number.isSafeInteger(x.value) || (x.valueTwo !== undefined && !Number.isSafeInteger(x.valueTwo))) throw bad(`syscalls[${i}].args[${j}] values must be whole numbers`);
      if (!(SECCOMP_OPS as readonly string[]).includes(x.op as string)) throw bad(`syscalls[${i}].args[${j}].op must be one of ${SECCOMP_OPS.join(', ')}`);
      return { index: x.index as number, value: x.value as number, op: x.op as SeccompOp, ...(x.valueTwo === undefined ? {} : { valueTwo: x.valueTwo as number }) };
    });
    const rule: SeccompRule = { names: names as string[], action: action(r.action, `syscalls[${i}].action`) };
    const e = errno(r.errnoRet, `syscalls[${i}].errnoRet`);
    if (e !== undefined) rule.errnoRet = e;
    if (args.length > 0) rule.args = args;
    const inc = caps(r.includes, `syscalls[${i}].includes`);
    const exc = caps(r.excludes, `syscalls[${i}].excludes`);
    if (inc) rule.includes = inc;
    if (exc) rule.excludes = exc;
    return rule;
  });
  const profile: SeccompProfile = { defaultAction: action(p.defaultAction, 'defaultAction'), syscalls };
  const e = errno(p.defaultErrnoRet, 'defaultErrnoRet');
  if (e !== undefined) profile.defaultErrnoRet = e;
  return profile;
}

/** The rules that apply to a container with these capabilities (docker's includes/excludes). */
export function rulesFor(profile: SeccompProfile, kept: readonly string[]): SeccompRule[] {
  const has = (c: string) => kept.includes(c.startsWith('CAP_') ? c : `CAP_${c}`);
  return profile.syscalls.filter((r) => (r.includes?.caps ?? []).every(has) && !(r.excludes?.caps ?? []).some(has));
}

/**
 * Shim records: `seccomp_default ACTION ERRNO`, then one `seccomp_rule` per
 * syscall name: ACTION|ERRNO|NAME|ARGS, ARGS a comma list of INDEX:OP:VALUE:VALUE2.
 */
export function seccompRecords(profile: SeccompProfile, kept: readonly string[]): ConfigRecord[] {
  const records: ConfigRecord[] = [['seccomp_default', `${profile.defaultAction} ${profile.defaultErrnoRet ?? EPERM}`]];
  for (const rule of rulesFor(profile, kept)) {
    const args = (rule.args ?? []).map((a) => `${a.index}:${a.op}:${a.value}:${a.valueTwo ?? 0}`).join(',');
    for (const name of rule.names) records.push(['seccomp_rule', [rule.action, String(rule.errnoRet ?? EPERM), name, args]]);
  }
  return records;
}
