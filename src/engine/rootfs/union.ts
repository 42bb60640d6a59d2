/**
 * Union mounts of arbitrary layers, the way lesson 5 rebuilds the AUFS
 * company/home example on overlayfs: named demos under the data dir
 * (`union/NAME/`), each with its layer directories, a work dir and a mount
 * point, mounted in the host's mount namespace so a host shell can look at
 * every layer. The same overlay a container's root is (rootfs/layers.ts), one
 * step at a time. Every command is recorded; `removeUnion` and gc undo them.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TslabError } from '../errors.js';
import { observeMounts } from '../observe/mounts.js';
import { isSameProcess, processStartTime } from '../observe/proc.js';
import type { Engine } from '../engine.js';
import type { TslabPaths } from '../paths.js';
import { shellQuote } from '../transcript.js';

export const unionRoot = (p: TslabPaths): string => path.join(p.dataDir, 'union');

export function unionDir(p: TslabPaths, name: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(name)) throw new TslabError('E_BAD_NAME', `invalid union name ${JSON.stringify(name)}`, { hint: 'lowercase letters, digits and -' });
  return path.join(unionRoot(p), name);
}

/** A layer directory with these files (name -> content), recorded as the commands that make it. */
export async function writeLayer(engine: Engine, name: string, layer: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(unionDir(engine.paths, name), layer);
  const dirs = [...new Set(Object.keys(files).map((f) => path.dirname(path.join(dir, f))))];
  engine.host.record('command', `mkdir -p ${[dir, ...dirs.filter((d) => d !== dir)].map(shellQuote).join(' ')}`);
  for (const d of [dir, ...dirs]) await mkdir(d, { recursive: true, mode: 0o755 });
  for (const [file, content] of Object.entries(files)) {
    engine.host.record('command', `echo ${shellQuote(content)} > ${shellQuote(path.join(dir, file))}`);
    await writeFile(path.join(dir, file), `${content}\n`);
  }
  return dir;
}

export interface UnionMount {
  /** Read-only layers, top first (overlay's lowerdir order). */
  lower: string[];
  upper: string;
  work: string;
  merged: string;
}

/** Mount an overlay of the named demo's layers at its `mnt` (layer names relative to the demo's dir). */
export async function mountUnion(engine: Engine, name: string, layers: { lower: string[]; upper: string }): Promise<UnionMount> {
  const union = unionLayout(engine.paths, name, layers);
  engine.host.record('command', `mkdir -p ${union.work} ${union.merged}`);
  for (const d of [union.upper, union.work, union.merged]) await mkdir(d, { recursive: true, mode: 0o755 });
  // Who made it: gc leaves a demo alone while that process (the lab) is alive.
  await writeFile(path.join(unionDir(engine.paths, name), 'owner'), `${process.pid} ${processStartTime(process.pid) ?? ''}\n`);
  const options = `lowerdir=${union.lower.join(':')},upperdir=${union.upper},workdir=${union.work}`;
  await engine.host.run('mount', ['-t', 'overlay', 'overlay', '-o', options, union.merged]);
  return union;
}

/** Mount points at or under `dir` in tslab's (the host's) mount namespace. */
export function unionMountPoints(dir: string): string[] {
  return observeMounts(process.pid)
    .map((m) => m.mountPoint)
    .filter((t) => t === dir || t.startsWith(`${dir}/`));
}

/**
 * Changes made through the merged view, as a learner would type them; the
 * overlay decides where each lands (copy-up, whiteout, opaque directory).
 */
export async function writeThrough(engine: Engine, union: UnionMount, file: string, content: string): Promise<void> {
  const target = path.join(union.merged, file);
  engine.host.record('command', `echo ${shellQuote(content)} > ${shellQuote(target)}`);
  await writeFile(target, `${content}\n`);
}

export async function removeThrough(engine: Engine, union: UnionMount, entry: string): Promise<void> {
  await engine.host.run('rm', ['-r', path.join(union.merged, entry)]);
}

export async function mkdirThrough(engine: Engine, union: UnionMount, dir: string): Promise<void> {
  await engine.host.run('mkdir', [path.join(union.merged, dir)]);
}

/** The demo's layout, whether it is mounted or not. */
export function unionLayout(p: TslabPaths, name: string, layers: { lower: string[]; upper: string }): UnionMount {
  const dir = unionDir(p, name);
  return { lower: layers.lower.map((l) => path.join(dir, l)), upper: path.join(dir, layers.upper), work: path.join(dir, 'work'), merged: path.join(dir, 'mnt') };
}

/** Unmount (if mounted) and delete a demo; nothing there is fine. */
export async function removeUnion(engine: Engine, name: string): Promise<boolean> {
  const p = engine.paths;
  const dir = unionDir(p, name);
  const mounted = unionMountPoints(dir);
  for (const target of mounted.reverse()) await engine.host.run('umount', [target]);
  const existed = (await readdir(unionRoot(p)).catch(() => [] as string[])).includes(name);
  await rm(dir, { recursive: true, force: true });
  // The last demo gone: leave no empty union/ behind in the data dir.
  if ((await readdir(unionRoot(p)).catch(() => ['?'])).length === 0) await rm(unionRoot(p), { recursive: true, force: true });
  return existed || mounted.length > 0;
}

/** Whether the process that mounted the demo is still alive (the lab that runs the lesson). */
async function ownerAlive(p: TslabPaths, name: string): Promise<boolean> {
  const text = await readFile(path.join(unionDir(p, name), 'owner'), 'utf8').catch(() => '');
  const [pid, start] = text.trim().split(' ').map(Number);
  return pid !== undefined && pid > 0 && isSameProcess(pid, start || undefined);
}

/** gc: demos whose lab has gone (every one with `all`), unmounted and removed. */
export async function collectUnions(engine: Engine, options: { all: boolean }): Promise<string[]> {
  const p = engine.paths;
  const removed: string[] = [];
  const names = await readdir(unionRoot(p)).catch(() => [] as string[]);
  for (const name of names) {
    if (!options.all && (await ownerAlive(p, name))) continue;
    if (await removeUnion(engine, name)) removed.push(`union ${name}`);
  }
  return removed;
}
