/**
 * config.json (OCI runtime spec) -> the engine's ContainerSpec. The engine's
 * model was kept close to the spec's, so this is a translation. What tslab
 * cannot honour is refused by its JSON path (`linux.intelRdt`), never
 * dropped: a runtime that silently ignores a limit is worse than one that fails.
 * Three things are done around the engine rather than by it: rlimits and
 * sysctls are applied to the created process from outside (apply.ts), hooks run
 * at their lifecycle points.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TslabError } from '../engine/errors.js';
import type { ContainerSpec, VolumeSpec } from '../engine/spec/types.js';
import { capabilityNumber } from '../engine/security/capabilities.js';
import { DEFAULT_SECURITY } from '../engine/security/defaults.js';
import { validateProfile } from '../engine/security/seccomp.js';
import type { OciConfig, OciHook, OciMount } from './config-types.js';

export interface Rlimit { type: string; hard: number; soft: number }

export interface BundlePlan {
  spec: ContainerSpec;
  rlimits: Rlimit[];
  sysctl: Record<string, string>;
  hooks: Record<string, OciHook[]>;
  annotations: Record<string, string>;
}

const unsupported = (field: string, hint = 'remove it from config.json; tslab does not implement it') =>
  new TslabError('E_OCI_UNSUPPORTED', `config.json: ${field} is not supported by tslab`, { hint, context: { field } });
const invalid = (field: string, why: string) => new TslabError('E_OCI_CONFIG', `config.json: ${field} ${why}`, { hint: 'see the OCI runtime spec (config.md); `tslab spec` writes a valid one' });

/** Mounts the engine always makes (container-defaults.ts): a bundle asking for them gets the engine's. */
const STANDARD_MOUNTS: Record<string, string[]> = {
  '/proc': ['proc'], '/dev': ['tmpfs'], '/dev/pts': ['devpts'], '/dev/shm': ['tmpfs'], '/dev/mqueue': ['mqueue'], '/sys': ['sysfs'], '/sys/fs/cgroup': ['cgroup', 'cgroup2'],
};
const NAMESPACES: Record<string, string> = { pid: 'pid', network: 'net', mount: 'mnt', ipc: 'ipc', uts: 'uts', user: 'user', cgroup: 'cgroup' };
const SYSCTL_NS = [/^net\./, /^kernel\.(shm|msg|sem)/, /^fs\.mqueue\./];
const HOOKS = ['createRuntime', 'prestart', 'poststart', 'poststop'];
/** Hooks the spec runs inside the container's namespaces: the shim has no way to run them yet. */
const INSIDE_HOOKS = ['createContainer', 'startContainer'];

export function readBundle(bundle: string, name: string): BundlePlan {
  const file = path.join(bundle, 'config.json');
  if (!existsSync(file)) throw new TslabError('E_OCI_NO_CONFIG', `${file} does not exist`, { hint: 'a bundle is a directory with config.json and the root filesystem; `tslab spec` writes a config.json' });
  let config: OciConfig;
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as OciConfig;
  } catch (error) {
    throw new TslabError('E_OCI_CONFIG', `${file} is not valid JSON`, { cause: error, hint: 'fix the file, or write a new one with `tslab spec`' });
  }
  return mapConfig(config, bundle, name);
}

export function mapConfig(config: OciConfig, bundle: string, name: string): BundlePlan {
  if (typeof config.ociVersion !== 'string' || !config.ociVersion.startsWith('1.')) throw invalid('ociVersion', `${JSON.stringify(config.ociVersion)} is not a 1.x version`);
  refuseSet(config, ['domainname', 'solaris', 'windows', 'vm', 'zos'], '');
  const { process: proc, root, linux = {} } = config;
  if (!proc || !Array.isArray(proc.args) || proc.args.length === 0) throw invalid('process.args', 'must name the command to run');
  if (!root?.path) throw invalid('root.path', 'is required');
  if (root.readonly) throw unsupported('root.readonly', 'tslab gives every container a writable overlay upper layer; set it to false');
  refuseSet(proc, ['apparmorProfile', 'selinuxLabel', 'oomScoreAdj', 'consoleSize', 'ioPriority', 'scheduler', 'execCPUAffinity'], 'process.');
  if (proc.terminal) throw unsupported('process.terminal', 'tslab-runtime does not hand out a console socket yet; run without a terminal');
  if (proc.user?.additionalGids?.some((g) => g !== proc.user?.gid)) throw unsupported('process.user.additionalGids');
  // The container starts with the usual 022 (what tslab's processes have); another umask the shim cannot set.
  if (proc.user?.umask !== undefined && proc.user.umask !== 0o022) throw unsupported('process.user.umask other than 0022');
  refuseSet(linux, ['intelRdt', 'personality', 'mountLabel', 'rootfsPropagation', 'timeOffsets', 'devices'], 'linux.');

  const rootPath = path.resolve(bundle, root.path);
  if (!existsSync(rootPath) || !statSync(rootPath).isDirectory()) throw invalid('root.path', `${rootPath} is not a directory`);

  const namespaces = linux.namespaces ?? [];
  const types = new Set<string>();
  const joins: Array<{ type: string; path: string }> = [];
  for (const [i, ns] of namespaces.entries()) {
    const type = NAMESPACES[ns.type];
    if (!type) throw invalid(`linux.namespaces[${i}].type`, `${JSON.stringify(ns.type)} is not a namespace type`);
    if (type === 'user' && !ns.path) throw unsupported('linux.namespaces user (new)', 'tslab maps user namespaces itself (tslab run --userns); drop the user namespace');
    types.add(type);
    if (ns.path) joins.push({ type, path: ns.path });
  }
  for (const required of ['pid', 'mnt', 'ipc', 'uts']) {
    if (!types.has(required)) throw unsupported(`linux.namespaces without ${required}`, `tslab always gives a container its own ${required} namespace; add {"type": "${Object.keys(NAMESPACES).find((k) => NAMESPACES[k] === required)}"}`);
  }
  if (linux.uidMappings?.length || linux.gidMappings?.length) throw unsupported('linux.uidMappings', 'tslab writes its own id maps (tslab run --userns)');

  const capabilities = mapCapabilities(proc.capabilities);
  const resources = linux.resources ?? {};
  refuseSet(resources, ['hugepageLimits', 'blockIO', 'rdma', 'network', 'unified'], 'linux.resources.');
  refuseSet(resources.memory ?? {}, ['reservation', 'swap', 'kernel', 'kernelTCP', 'swappiness', 'disableOOMKiller', 'useHierarchy', 'checkBeforeUpdate'], 'linux.resources.memory.');
  refuseSet(resources.cpu ?? {}, ['shares', 'realtimeRuntime', 'realtimePeriod', 'cpus', 'mems', 'idle', 'burst'], 'linux.resources.cpu.');
  // Devices rules: tslab's /dev is a fresh tmpfs with only the standard nodes, so a deny-all list changes nothing.
  if ((resources.devices ?? []).some((d) => d.allow)) throw unsupported('linux.resources.devices (allow rules)', 'tslab gives a container only the standard device nodes');
  const quota = resources.cpu?.quota;
  const period = resources.cpu?.period ?? 100_000;

  const sysctl = linux.sysctl ?? {};
  for (const key of Object.keys(sysctl)) {
    if (!SYSCTL_NS.some((re) => re.test(key))) throw unsupported(`linux.sysctl ${key}`, 'only namespaced sysctls (net.*, kernel.shm*/msg*/sem, fs.mqueue.*) can be set for one container');
  }
  const hooks = config.hooks ?? {};
  for (const key of Object.keys(hooks)) {
    if (INSIDE_HOOKS.includes(key) && hooks[key]!.length > 0) throw unsupported(`hooks.${key}`, 'tslab runs hooks on the host only (createRuntime, prestart, poststart, poststop)');
    if (!HOOKS.includes(key) && !INSIDE_HOOKS.includes(key)) throw invalid(`hooks.${key}`, 'is not a hook the runtime spec defines');
  }

  const spec: ContainerSpec = {
    name,
    root: { kind: 'dir', path: rootPath },
    process: {
      args: proc.args,
      env: proc.env ?? [],
      cwd: proc.cwd ?? '/',
      terminal: false,
      interactive: true,
      init: false,
      ...(proc.user && (proc.user.uid || proc.user.gid) ? { user: { uid: proc.user.uid ?? 0, gid: proc.user.gid ?? 0 } } : {}),
    },
    // As runc: the bundle's capabilities (docker's set when it names none), no_new_privs only when asked, and a
    // seccomp filter only when linux.seccomp gives one.
    security: {
      capabilities: capabilities ?? DEFAULT_SECURITY.capabilities,
      noNewPrivileges: proc.noNewPrivileges === true,
      seccomp: linux.seccomp ? { profile: validateProfile(linux.seccomp, 'linux.seccomp') } : 'unconfined',
      privileged: false,
    },
    hostname: config.hostname || name.slice(0, 63),
    volumes: (config.mounts ?? []).flatMap((m, i) => mapMount(m, i)),
    resources: {
      ...(resources.memory?.limit && resources.memory.limit > 0 ? { memoryBytes: resources.memory.limit } : {}),
      ...(quota && quota > 0 ? { cpus: quota / period } : {}),
      ...(resources.pids?.limit && resources.pids.limit > 0 ? { pidsMax: resources.pids.limit } : {}),
    },
    userns: false,
    detach: true,
    autoRemove: false,
    network: types.has('net') ? { mode: 'none' } : { mode: 'host' },
    ports: [],
    ...(linux.maskedPaths ? { maskedPaths: linux.maskedPaths } : {}),
    ...(linux.readonlyPaths ? { readonlyPaths: linux.readonlyPaths } : {}),
    ...(joins.length > 0 ? { joinNamespaces: joins } : {}),
  };
  if (!types.has('uts') && config.hostname) throw invalid('hostname', 'needs a uts namespace');
  const rlimits = (proc.rlimits ?? []).map((r, i) => {
    if (!/^RLIMIT_[A-Z]+$/.test(r.type)) throw invalid(`process.rlimits[${i}].type`, `${JSON.stringify(r.type)} is not an rlimit`);
    return { type: r.type, hard: r.hard, soft: r.soft };
  });
  return { spec, rlimits, sysctl, hooks, annotations: config.annotations ?? {} };
}

function mapCapabilities(caps: OciConfig['process']['capabilities']): string[] | undefined {
  if (!caps) return undefined;
  const sets = ['bounding', 'effective', 'permitted', 'inheritable', 'ambient'] as const;
  const bounding = caps.bounding ?? [];
  for (const set of sets) {
    const list = caps[set] ?? [];
    for (const name of list) if (capabilityNumber(name) === undefined) throw invalid(`process.capabilities.${set}`, `names an unknown capability ${name}`);
    // The shim keeps one set for bounding, permitted, effective and inheritable: they must agree.
    if (set !== 'ambient' && caps[set] !== undefined && (list.length !== bounding.length || list.some((n) => !bounding.includes(n)))) {
      throw unsupported(`process.capabilities.${set} differing from bounding`, 'tslab keeps one capability set for bounding, permitted, effective and inheritable');
    }
  }
  if (caps.ambient?.length) throw unsupported('process.capabilities.ambient');
  return bounding;
}

function mapMount(mount: OciMount, i: number): VolumeSpec[] {
  const field = `mounts[${i}] (${mount.destination})`;
  if (!mount.destination?.startsWith('/')) throw invalid(`mounts[${i}].destination`, 'must be an absolute path');
  const options = mount.options ?? [];
  const standard = STANDARD_MOUNTS[mount.destination];
  if (standard && standard.includes(mount.type ?? '')) return []; // The engine makes it (container-defaults.ts).
  const bind = mount.type === 'bind' || options.includes('bind') || options.includes('rbind');
  if (!bind) throw unsupported(`${field} of type ${mount.type}`, 'tslab mounts the standard kernel filesystems itself and binds host paths; other mounts are not supported');
  const known = new Set(['bind', 'rbind', 'ro', 'rw', 'nosuid', 'nodev', 'noexec', 'private', 'rprivate', 'slave', 'rslave', 'relatime', 'strictatime']);
  const odd = options.find((o) => !known.has(o));
  if (odd !== undefined) throw unsupported(`${field} option ${odd}`);
  if (!mount.source || !existsSync(mount.source)) throw invalid(`${field}.source`, `${mount.source ?? '(none)'} does not exist`);
  return [{ source: path.resolve(mount.source), target: path.posix.normalize(mount.destination), readonly: options.includes('ro') }];
}

function refuseSet(object: object, fields: string[], prefix: string, hint?: string): void {
  for (const field of fields) {
    const value = (object as Record<string, unknown>)[field];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    throw unsupported(`${prefix}${field}`, hint);
  }
}
