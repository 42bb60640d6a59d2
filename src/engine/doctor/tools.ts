/**
 * Host tools tslab runs: iproute2's `ip` (JSON output), iptables, a static
 * busybox (copied into sandboxes, so it must not need a dynamic loader), and a
 * C compiler with libc headers plus make to build the shim. `tslab setup`
 * installs the Debian packages named here for whatever is missing.
 */
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Host } from '../host.js';
import { check, type DoctorCheck, type ProbeContext } from './types.js';

export type ToolId = 'ip' | 'iptables' | 'busybox' | 'cc' | 'make';

export interface ToolState {
  id: ToolId;
  title: string;
  ok: boolean;
  detail: string;
  /** Debian packages that provide what is missing (empty when ok). */
  packages: string[];
}

export async function findOnPath(name: string, pathVar: string | undefined): Promise<string | undefined> {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Debian keeps ip and iptables in /usr/sbin, which a non-root PATH usually lacks. */
export const sbinDirs: readonly string[] = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** Where `name` is when it is installed but not on PATH, to say so instead of "not installed". */
export async function findOffPath(name: string, pathVar: string | undefined, dirs: readonly string[] = sbinDirs): Promise<string | undefined> {
  const onPath = new Set((pathVar ?? '').split(path.delimiter));
  return findOnPath(name, dirs.filter((dir) => !onPath.has(dir)).join(path.delimiter));
}

export function offPathDetail(found: string): string {
  return `${found} is installed but ${path.dirname(found)} is not on PATH`;
}

export const offPathFix = 'run tslab as root (`sudo tslab ...` puts /usr/sbin on PATH)';

/** Not on PATH: either installed elsewhere (nothing to install) or really missing. */
async function notOnPath(id: ToolId, title: string, packages: string[], why: string, where: Where): Promise<ToolState> {
  const elsewhere = await findOffPath(id, where.pathVar, where.offPathDirs);
  return elsewhere
    ? { id, title, ok: false, detail: offPathDetail(elsewhere), packages: [] }
    : { id, title, ok: false, detail: `not installed (${why})`, packages };
}

interface Where {
  host: Host;
  pathVar: string | undefined;
  offPathDirs: readonly string[] | undefined;
}

export type ElfLinking = 'static' | 'dynamic' | 'not-elf';

const PT_INTERP = 3;

/** A dynamically linked ELF has a PT_INTERP program header naming its loader; a static one has none. */
export function elfLinking(bytes: Buffer): ElfLinking {
  if (bytes.length < 52 || bytes.readUInt32BE(0) !== 0x7f454c46) return 'not-elf';
  const is64 = bytes[4] === 2;
  const le = bytes[5] === 1;
  const u16 = (at: number) => (le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const u64 = (at: number) => Number(le ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at));
  if (is64 && bytes.length < 64) return 'not-elf';
  const phoff = is64 ? u64(0x20) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > bytes.length) return 'not-elf';
    if (u32(at) === PT_INTERP) return 'dynamic';
  }
  return 'static';
}

async function readHead(file: string, size = 65536): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function probeIp(where: Where): Promise<ToolState> {
  const base = { id: 'ip' as const, title: 'ip (iproute2)', packages: ['iproute2'] };
  const found = await findOnPath('ip', where.pathVar);
  if (!found) return notOnPath('ip', base.title, base.packages, 'networking', where);
  const result = await where.host.run(found, ['-V'], { quiet: true, allowFailure: true }).catch(() => undefined);
  const version = /iproute2-(\S+)/.exec(result?.stdout ?? '')?.[0];
  if (!version) return { ...base, ok: false, detail: `${found} is not iproute2's ip (tslab needs \`ip -j\`)` };
  return { ...base, ok: true, detail: `${found}, ${version.replace(/,$/, '')}`, packages: [] };
}

async function probeBusybox(where: Where): Promise<ToolState> {
  const base = { id: 'busybox' as const, title: 'busybox (static)', packages: ['busybox-static'] };
  const found = await findOnPath('busybox', where.pathVar);
  if (!found) return { ...base, ok: false, detail: 'not installed (sandboxes are built from it)' };
  const linking = elfLinking(await readHead(found).catch(() => Buffer.alloc(0)));
  if (linking === 'static') return { ...base, ok: true, detail: `${found}, statically linked`, packages: [] };
  return { ...base, ok: false, detail: `${found} is ${linking === 'dynamic' ? 'dynamically linked' : 'not an ELF binary'}; sandboxes need a static one` };
}

async function probeCc(where: Where): Promise<ToolState> {
  const base = { id: 'cc' as const, title: 'C compiler (cc)' };
  const found = await findOnPath('cc', where.pathVar);
  const exists = (file: string) => access(file).then(() => true, () => false);
  const [headers, seccomp] = await Promise.all([exists('/usr/include/stdio.h'), exists('/usr/include/seccomp.h')]);
  if (found && headers && seccomp) return { ...base, ok: true, detail: `${found}, libc and libseccomp headers present`, packages: [] };
  // The shim links libseccomp for the containers' syscall filter.
  const packages = [...(found ? [] : ['gcc']), ...(found && !headers ? ['libc6-dev'] : []), ...(!found ? ['libc6-dev'] : []), ...(seccomp ? [] : ['libseccomp-dev'])];
  const lacks = [...(headers ? [] : ['libc headers (/usr/include/stdio.h)']), ...(seccomp ? [] : ['libseccomp headers (/usr/include/seccomp.h)'])];
  if (found) return { ...base, ok: false, detail: `${found}, but no ${lacks.join(' and ')}`, packages };
  return { ...base, ok: false, detail: 'not installed (builds the shim)', packages };
}

async function probeSimple(id: 'make' | 'iptables', title: string, pkg: string, why: string, where: Where): Promise<ToolState> {
  const found = await findOnPath(id, where.pathVar);
  return found ? { id, title, ok: true, detail: found, packages: [] } : notOnPath(id, title, [pkg], why, where);
}

/** Every host tool tslab needs, in a stable order. */
export async function probeHostTools(ctx: ProbeContext): Promise<ToolState[]> {
  const where: Where = { host: ctx.host, pathVar: ctx.env.PATH, offPathDirs: ctx.offPathDirs };
  return Promise.all([
    probeIp(where),
    probeSimple('iptables', 'iptables', 'iptables', 'NAT and port publishing', where),
    probeBusybox(where),
    probeCc(where),
    probeSimple('make', 'make', 'make', 'builds the shim', where),
  ]);
}

/** Doctor rows for the tools; iptables has its own probe (it also reports the backend). */
export function toolChecks(tools: readonly ToolState[]): DoctorCheck[] {
  return tools
    .filter((tool) => tool.id !== 'iptables')
    .map((tool) =>
      check(`tool.${tool.id}`, tool.title, tool.ok ? 'ok' : 'missing', tool.detail, {
        fix: tool.packages.length === 0 ? offPathFix : 'tslab setup',
      }),
    );
}
