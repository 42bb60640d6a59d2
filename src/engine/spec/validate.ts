/**
 * RunRequest -> ContainerSpec. A list of small checks, each with its own error
 * code and hint; nothing on the host is created until every check has passed.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { TslabError } from '../errors.js';
import { parsePublishList } from '../network/ports.js';
import { DEFAULT_DEVICE_RULES, PRIVILEGED_DEVICE_RULES } from '../security/devices.js';
import { validateSecurity } from '../security/options.js';
import { mergeEnv, parseEnvEntry } from './env.js';
import { generateName, validateName } from './names.js';
import type { ContainerSpec, NetworkSpec, PortSpec, RootSource, RunRequest, VolumeSpec } from './types.js';
import { parsePositiveInteger, parsePositiveNumber, parseSize } from './units.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Below this the container cannot even start a shell; docker has the same floor. */
const MIN_MEMORY_BYTES = 6 * 1024 * 1024;
const HOSTNAME = /^(?=.{1,64}$)[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/;

export interface ValidateContext {
  /** Sandboxes tslab can build (from sandboxes/). */
  knownSandboxes: readonly string[];
  /** Number of CPUs on the host, the ceiling for --cpus. */
  hostCpus: number;
  /** Host environment, for `-e NAME` without a value (docker's pass-through). */
  hostEnv: NodeJS.ProcessEnv;
}

export function validateRunRequest(request: RunRequest, context: ValidateContext): ContainerSpec {
  const name = request.name === undefined ? generateName() : validateName(request.name);
  const root = validateRoot(request, context);
  const terminal = request.tty ?? false;
  const userEnv = (request.env ?? []).map((entry) => parseEnvEntry(entry, context.hostEnv));
  const network = validateNet(request.net);
  const ports = validatePorts(request.publish ?? [], network);
  const hostname = request.hostname === undefined ? name.slice(0, 63).replace(/[^a-zA-Z0-9-]/g, '-') : validateHostname(request.hostname);
  return {
    name,
    root,
    process: {
      args: request.command.length > 0 ? request.command : ['sh'],
      env: mergeEnv([`PATH=${DEFAULT_PATH}`, `HOSTNAME=${hostname}`, 'HOME=/root', ...(terminal ? ['TERM=xterm'] : [])], userEnv),
      cwd: request.workdir === undefined ? '/' : validateContainerPath(request.workdir, '-w'),
      terminal,
      interactive: request.interactive ?? false,
      init: request.init ?? false,
      ...validateUser(request),
    },
    hostname,
    volumes: (request.volumes ?? []).map(parseVolume),
    resources: {
      ...(request.memory === undefined ? {} : { memoryBytes: validateMemory(request.memory) }),
      ...(request.cpus === undefined ? {} : { cpus: validateCpus(request.cpus, context.hostCpus) }),
      ...(request.pidsLimit === undefined ? {} : { pidsMax: parsePositiveInteger(request.pidsLimit, '--pids-limit', '100') }),
      devices: [...(request.privileged ? PRIVILEGED_DEVICE_RULES : DEFAULT_DEVICE_RULES)],
    },
    userns: request.userns ?? false,
    security: validateSecurity(request),
    detach: request.detach ?? false,
    autoRemove: request.autoRemove ?? false,
    network,
    ports,
  };
}

function validateNet(net: string | undefined): NetworkSpec {
  const text = net ?? 'bridge';
  if (text === 'none' || text === 'host') return { mode: text };
  if (text.startsWith('container:')) {
    const container = text.slice('container:'.length);
    if (!container) throw new TslabError('E_BAD_NET', '--net container: needs a container name', { hint: 'e.g. --net container:web' });
    return { mode: 'container', container };
  }
  if (!/^[a-z0-9][a-z0-9_.-]{0,31}$/.test(text)) {
    throw new TslabError('E_BAD_NET', `invalid --net ${JSON.stringify(text)}`, {
      hint: 'use bridge (the default), none, host, container:NAME or the name of a network from `tslab network ls`',
    });
  }
  return { mode: 'bridge', network: text };
}

function validatePorts(publish: readonly string[], network: NetworkSpec): PortSpec[] {
  const ports = parsePublishList(publish);
  if (ports.length > 0 && network.mode !== 'bridge') {
    throw new TslabError('E_BAD_PUBLISH', `-p cannot be used with --net ${network.mode}`, {
      hint: network.mode === 'host'
        ? 'with --net host the container already uses the host\'s ports: drop -p'
        : network.mode === 'container'
          ? 'publish the ports on the container whose network is shared'
          : 'a container with --net none has no network to publish from: use --net bridge',
    });
  }
  return ports;
}

function validateUser(request: RunRequest): { user?: { uid: number; gid: number } } {
  if (request.uid !== undefined) return { user: { uid: request.uid, gid: request.gid ?? request.uid } };
  if (request.user === undefined) return {};
  const match = /^(\d+)(?::(\d+))?$/.exec(request.user);
  if (!match) {
    throw new TslabError('E_BAD_USER', `-u ${request.user}: a sandbox has no user names`, { hint: 'give numeric ids, e.g. -u 1000 or -u 1000:1000' });
  }
  const uid = Number(match[1]);
  return { user: { uid, gid: match[2] === undefined ? uid : Number(match[2]) } };
}

function validateRoot(request: RunRequest, context: ValidateContext): RootSource {
  if (request.image !== undefined) return { kind: 'image', id: request.image.id, ref: request.image.ref };
  if (request.rootfs !== undefined) {
    const dir = path.resolve(request.rootfs);
    if (!isDirectory(dir)) {
      throw new TslabError('E_NO_ROOTFS', `--rootfs ${request.rootfs} is not a directory`, {
        hint: 'give a directory that holds a root filesystem (with /bin/sh), e.g. one made by `tslab sandbox build busybox`',
      });
    }
    return { kind: 'dir', path: dir };
  }
  const sandbox = request.sandbox ?? 'busybox';
  if (!context.knownSandboxes.includes(sandbox)) {
    throw new TslabError('E_UNKNOWN_SANDBOX', `unknown sandbox ${JSON.stringify(sandbox)} (and no loaded image by that name)`, {
      hint: `available sandboxes: ${context.knownSandboxes.join(', ') || 'none'}; images: see \`tslab image ls\`; or run a directory with --rootfs DIR`,
    });
  }
  return { kind: 'sandbox', name: sandbox };
}

function validateMemory(text: string): number {
  const bytes = parseSize(text, '--memory');
  if (bytes < MIN_MEMORY_BYTES) {
    throw new TslabError('E_BAD_SIZE', `--memory ${text} is below the 6 MiB a container needs to start`, { hint: 'e.g. --memory 64m' });
  }
  return bytes;
}

function validateCpus(text: string, hostCpus: number): number {
  const cpus = parsePositiveNumber(text, '--cpus', '0.5');
  if (cpus > hostCpus) {
    throw new TslabError('E_BAD_NUMBER', `--cpus ${text} is more than this machine's ${hostCpus} CPUs`, { hint: `use a value from 0.01 to ${hostCpus}` });
  }
  // The kernel's smallest cfs quota is 1ms of a 100ms period.
  if (cpus < 0.01) {
    throw new TslabError('E_BAD_NUMBER', `--cpus ${text} is below the 0.01 the kernel can enforce`, { hint: 'e.g. --cpus 0.5' });
  }
  return cpus;
}

function validateHostname(hostname: string): string {
  if (!HOSTNAME.test(hostname)) {
    throw new TslabError('E_BAD_HOSTNAME', `invalid hostname ${JSON.stringify(hostname)}`, {
      hint: 'use letters, digits and - (dots between labels), at most 64 characters, e.g. --hostname web',
    });
  }
  return hostname;
}

function parseVolume(text: string): VolumeSpec {
  const parts = text.split(':');
  const [source, target, mode] = parts;
  const hint = 'use -v HOST_PATH:CONTAINER_PATH[:ro], both absolute, e.g. -v /srv/site:/www:ro';
  if (parts.length < 2 || parts.length > 3 || !source || !target || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
    throw new TslabError('E_BAD_VOLUME', `invalid volume ${JSON.stringify(text)}`, { hint });
  }
  if (!path.isAbsolute(source)) {
    throw new TslabError('E_BAD_VOLUME', `volume source ${source} is not an absolute path`, { hint });
  }
  try {
    statSync(source);
  } catch {
    throw new TslabError('E_VOLUME_SOURCE_MISSING', `volume source ${source} does not exist`, { hint: `create it first (mkdir -p ${source}) or fix the path` });
  }
  const inside = validateContainerPath(target, '-v');
  // The container's root is the sandbox; a volume over it would hide the whole root filesystem.
  if (inside === '/') {
    throw new TslabError('E_BAD_VOLUME', `volume ${JSON.stringify(text)} would replace the container's root`, {
      hint: 'mount it on a directory inside, e.g. -v /srv/data:/data; to run a directory as the root, use --rootfs DIR',
    });
  }
  return { source: path.resolve(source), target: inside, readonly: mode === 'ro' };
}

function validateContainerPath(text: string, flag: string): string {
  if (!path.posix.isAbsolute(text) || text.split('/').includes('..')) {
    throw new TslabError('E_BAD_PATH', `${flag} path ${JSON.stringify(text)} must be absolute inside the container, without ..`, {
      hint: `e.g. ${flag === '-w' ? '-w /tmp' : '-v /srv/data:/data'}`,
    });
  }
  return path.posix.normalize(text);
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
