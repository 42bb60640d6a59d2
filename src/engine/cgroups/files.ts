/**
 * Reading and writing cgroupfs files, with kernel errors turned into errors a
 * learner can act on. Every write goes through writeKernelFile so it shows up in
 * the transcript as `echo VALUE > FILE`; mkdir and rmdir are recorded likewise.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir } from 'node:fs/promises';
import { TslabError, errnoCode } from '../errors.js';
import type { Host } from '../host.js';

const rootHint = 'cgroup files can only be changed by root: run tslab with sudo.';

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Hints for a controller the kernel does not offer; shared by both drivers and detection. */
export function noControllerError(controller: string, context: Record<string, unknown> = {}): TslabError {
  const hints: Record<string, string> = {
    memory:
      'Some kernels (Raspberry Pi, some ARM boards) need `cgroup_enable=memory` on the kernel command line; check that it is not disabled with `cgroup_disable=memory`, then reboot.',
    cpu: 'The kernel needs CONFIG_CGROUP_SCHED and CONFIG_CFS_BANDWIDTH; on cgroup v2 the cpu controller cannot be enabled while real-time processes are outside the root group.',
    pids: 'The kernel needs CONFIG_CGROUP_PIDS (Linux 4.3 or later).',
    freezer: 'The kernel needs CONFIG_CGROUP_FREEZER (v1) or Linux 5.2 or later (v2 cgroup.freeze).',
  };
  return new TslabError('E_CGROUP_NO_CONTROLLER', `the ${controller} controller is not available`, {
    hint:
      hints[controller] ??
      'On a systemd host with mixed v1/v2 controllers, booting with `systemd.unified_cgroup_hierarchy=1` gives every controller to cgroup v2.',
    context: { controller, ...context },
  });
}

function fileError(error: unknown, action: string, path: string, value?: string): TslabError {
  const errno = errnoCode(error);
  const context = { path, value, errno };
  const what = value === undefined ? `${action} ${path}` : `write ${value} to ${path}`;
  switch (errno) {
    case 'EACCES':
    case 'EPERM':
      return new TslabError('E_CGROUP_PERMISSION', `cannot ${what}: permission denied`, {
        hint: isRoot()
          ? 'As root this means the kernel has no such file here: the controller is not enabled for this group or the kernel lacks the option.'
          : rootHint,
        cause: error,
        context,
      });
    case 'ENOENT':
      return new TslabError('E_CGROUP_MISSING', `cannot ${what}: it does not exist`, {
        hint: 'The group was removed (by `tslab gc`, or the container stopped) or the controller is not mounted.',
        cause: error,
        context,
      });
    case 'EINVAL':
      return new TslabError('E_CGROUP_INVALID_VALUE', `the kernel rejected ${value === undefined ? 'the value' : JSON.stringify(value)} for ${path}`, {
        cause: error,
        context,
      });
    case 'EBUSY':
      return new TslabError('E_CGROUP_BUSY', `cannot ${what}: the group is busy`, {
        hint: path.includes('memory')
          ? 'The processes in the group already use more memory than that and the kernel could not reclaim it.'
          : 'Processes or nested groups are still in it.',
        cause: error,
        context,
      });
    case 'ESRCH':
      return new TslabError('E_CGROUP_NO_PROCESS', `cannot ${what}: no such process`, {
        hint: 'The process exited before it could join the group.',
        cause: error,
        context,
      });
    default:
      return new TslabError('E_CGROUP_IO', `cannot ${what}: ${(error as Error).message}`, { cause: error, context });
  }
}

export async function writeCgroupFile(host: Host, path: string, value: string): Promise<void> {
  try {
    await host.writeKernelFile(path, value);
  } catch (error) {
    throw fileError(error, 'write', path, value);
  }
}

/** File contents without the trailing newline, or undefined when the file does not exist. */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENODEV') return undefined;
    throw fileError(error, 'read', path);
  }
}

export async function readCgroupFile(path: string): Promise<string> {
  const text = await readOptional(path);
  if (text === undefined) throw fileError(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }), 'read', path);
  return text;
}

/** A file holding one number; `max` (v2) reads as Infinity. */
export async function readNumber(path: string): Promise<number> {
  return parseNumber(await readCgroupFile(path), path);
}

export function parseNumber(text: string, path: string): number {
  if (text === 'max') return Number.POSITIVE_INFINITY;
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new TslabError('E_CGROUP_PARSE', `cannot parse ${JSON.stringify(text)} in ${path} as a number`, { context: { path, text } });
  }
  return value;
}

/** Flat keyed files (`key value` per line): cpu.stat, memory.events, cgroup.events, memory.oom_control. */
export function parseKeyed(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/, 2);
    if (key && value !== undefined) result.set(key, value);
  }
  return result;
}

export async function readKeyedNumber(path: string, key: string): Promise<number> {
  const value = parseKeyed(await readCgroupFile(path)).get(key);
  if (value === undefined) {
    throw new TslabError('E_CGROUP_PARSE', `${path} has no ${key} line`, { context: { path, key } });
  }
  return parseNumber(value, path);
}

/** The pids listed in a cgroup.procs file; none when the group is gone. */
export async function readProcs(dir: string): Promise<number[]> {
  const text = await readOptional(`${dir}/cgroup.procs`);
  if (!text) return [];
  return text.split('\n').filter(Boolean).map(Number);
}

/**
 * mkdir, recorded. Returns false when it already existed. Recursive, so a
 * parent that another tslab removed (it was empty) a moment ago is made again.
 */
export async function makeCgroupDir(host: Host, path: string): Promise<boolean> {
  if (existsSync(path)) return false;
  host.record('command', `mkdir ${path}`);
  try {
    return (await mkdir(path, { recursive: true })) !== undefined;
  } catch (error) {
    throw fileError(error, 'create', path);
  }
}

/** The seam between the drivers and the kernel for the two things that are not file writes. */
export interface CgroupOps {
  /** Remove a cgroup directory; the kernel drops its interface files with it. */
  rmdir(path: string): Promise<void>;
  kill(pid: number, signal: NodeJS.Signals): void;
}

export const kernelOps: CgroupOps = {
  rmdir: (path) => rmdir(path),
  kill: (pid, signal) => {
    process.kill(pid, signal);
  },
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
