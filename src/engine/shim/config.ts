/**
 * The records the shim receives (native/PROTOCOL.md), built from a validated
 * ContainerSpec. The policy (which mounts, which capabilities) lives here, in
 * TypeScript; the shim only carries it out.
 */
import {
  DEFAULT_MOUNTS,
  DEFAULT_NAMESPACES,
  DEFAULT_SYMLINKS,
  MASKED_PATHS,
  READONLY_PATHS,
  type MountEntry,
} from '../container-defaults.js';
import { securityRecords } from '../security/records.js';
import type { ContainerSpec } from '../spec/types.js';
import type { RootfsLayers } from '../state.js';
import type { ConfigRecord } from './protocol.js';

export interface NamespaceJoin {
  type: string;
  path: string;
}

export interface RunConfigInput {
  spec: ContainerSpec;
  rootfs: RootfsLayers;
  exitFile: string;
  /** Command the shim execs after the container ends when no engine is listening any more. */
  onExit: string[];
  trace: boolean;
  /** Existing namespaces to join instead of creating new ones (e.g. a named netns). */
  joins?: NamespaceJoin[];
}

export function runConfig(input: RunConfigInput): ConfigRecord[] {
  const { spec, rootfs } = input;
  const joined = new Set((input.joins ?? []).map((j) => j.type));
  const namespaces = [...DEFAULT_NAMESPACES, ...(spec.userns ? ['user'] : [])].filter((ns) => !joined.has(ns) && !(ns === 'net' && spec.network?.mode === 'host'));
  const volumes: MountEntry[] = spec.volumes.map((v) => ({
    type: 'bind',
    source: v.source,
    target: v.target,
    flags: ['rbind', ...(v.readonly ? ['ro'] : [])],
    data: '',
  }));
  return [
    ['mode', 'run'],
    ['ns', namespaces.join(',')],
    ...(input.joins ?? []).map((j): ConfigRecord => ['join', [j.type, j.path]]),
    ['rootfs_lower', rootfs.lower.join(':')],
    ['rootfs_upper', rootfs.upper],
    ['rootfs_work', rootfs.work],
    ['rootfs_merged', rootfs.merged],
    ['hostname', spec.hostname],
    ...[...DEFAULT_MOUNTS, ...volumes].map((m): ConfigRecord => ['mount', [m.type, m.source, m.target, m.flags.join(','), m.data]]),
    ...DEFAULT_SYMLINKS.map(([target, link]): ConfigRecord => ['symlink', [target, link]]),
    // --privileged hides nothing and protects nothing (docker's meaning of it).
    ...(spec.security?.privileged ? [] : (spec.maskedPaths ?? MASKED_PATHS).map((p): ConfigRecord => ['mask', p])),
    ...(spec.security?.privileged ? [] : (spec.readonlyPaths ?? READONLY_PATHS).map((p): ConfigRecord => ['readonly', p])),
    ...(spec.process.init ? [['init', '1'] as ConfigRecord] : []),
    ...processRecords(spec.process),
    ...securityRecords(spec.security),
    ['exit_file', input.exitFile],
    ...input.onExit.map((arg): ConfigRecord => ['on_exit', arg]),
    ...(input.trace ? [['trace', '1'] as ConfigRecord] : []),
  ];
}

export interface ExecConfigInput {
  targetPid: number;
  joins: NamespaceJoin[];
  process: Pick<ContainerSpec['process'], 'args' | 'env' | 'cwd' | 'terminal' | 'user'>;
  /** The container's (plus what the exec asked for): an exec'd process gets the same capabilities and seccomp filter. */
  security?: ContainerSpec['security'];
  trace: boolean;
}

export function execConfig(input: ExecConfigInput): ConfigRecord[] {
  return [
    ['mode', 'exec'],
    ['target_pid', String(input.targetPid)],
    ...input.joins.map((j): ConfigRecord => ['join', [j.type, j.path]]),
    ...processRecords(input.process),
    ...securityRecords(input.security),
    ...(input.trace ? [['trace', '1'] as ConfigRecord] : []),
  ];
}

function processRecords(process: Pick<ContainerSpec['process'], 'args' | 'env' | 'cwd' | 'terminal' | 'user'>): ConfigRecord[] {
  return [
    ['cwd', process.cwd],
    ...(process.user ? [['uid', String(process.user.uid)] as ConfigRecord, ['gid', String(process.user.gid)] as ConfigRecord] : []),
    ...process.env.map((e): ConfigRecord => ['env', e]),
    ...process.args.map((a): ConfigRecord => ['arg', a]),
    ...(process.terminal ? [['tty', '1'] as ConfigRecord] : []),
  ];
}
