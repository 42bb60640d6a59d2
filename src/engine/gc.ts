/**
 * gc: find and remove everything tslab made that no live container owns —
 * after a crash, a SIGKILL mid-step, or a reboot. It only ever looks under
 * tslab's own names (run dir, data dir, cgroup parent), never elsewhere.
 */
import { readlink, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { getCgroupDriver } from './cgroups/detect.js';
import type { Engine } from './engine.js';
import { releaseCgroup } from './lifecycle/cgroup.js';
import { needsReaping } from './lifecycle/liveness.js';
import { reapContainer } from './lifecycle/reap.js';
import { removeContainer } from './lifecycle/remove.js';
import { collectNetworkGarbage } from './network/cleanup.js';
import { isSameProcess } from './observe/proc.js';
import { containersDataDir, namesDir, sandboxesDir } from './paths.js';
import { removeContainerData } from './rootfs/layers.js';
import { collectUnions } from './rootfs/union.js';
import { readDirOrEmpty } from './json-files.js';
import { collectImageGarbage } from './image/remove.js';

export interface GcReport {
  removed: string[];
}

export async function collectGarbage(engine: Engine, options: { all: boolean }): Promise<GcReport> {
  const removed: string[] = [];
  const { store, paths } = engine;

  for (const state of await store.list()) {
    const current = needsReaping(state) ? await reapContainer(engine, state.id) : state;
    if (!current) {
      removed.push(`container ${state.name} (auto-removed)`);
      continue;
    }
    const neverStarted = current.status === 'stopped' && current.startedAt === undefined;
    if (options.all || neverStarted) {
      await removeContainer(engine, current, { force: true });
      removed.push(`container ${current.name}${neverStarted ? ' (never started)' : ''}`);
    }
  }

  const known = new Set(await store.ids());
  // State directories without a readable state.json: a crash between mkdir and the first write.
  for (const id of known) {
    if (!(await store.read(id))) {
      await store.remove({ id, name: '' });
      known.delete(id);
      removed.push(`state ${id}`);
    }
  }
  for (const id of await listDir(containersDataDir(paths))) {
    if (!known.has(id)) {
      await removeContainerData(paths, id);
      removed.push(`data ${path.join(containersDataDir(paths), id)}`);
    }
  }
  for (const name of await listDir(namesDir(paths))) {
    const link = path.join(namesDir(paths), name);
    const target = await readlink(link).catch(() => undefined);
    if (target === undefined || !known.has(target)) {
      await unlink(link).catch(() => undefined);
      removed.push(`name ${name}`);
    }
  }
  for (const entry of await listDir(sandboxesDir(paths))) {
    const builder = /\.building-(\d+)$/.exec(entry);
    if (builder && !isSameProcess(Number(builder[1]), undefined)) {
      await rm(path.join(sandboxesDir(paths), entry), { recursive: true, force: true });
      removed.push(`sandbox build ${entry}`);
    }
  }

  removed.push(...(await collectImageGarbage(paths, store, options)));

  const driver = await getCgroupDriver(engine);
  const running = new Set((await store.list()).filter((s) => s.status !== 'stopped').map((s) => s.id));
  for (const id of await driver.list()) {
    if (running.has(id)) continue;
    await releaseCgroup(engine, driver.open(id));
    removed.push(`cgroup ${driver.parent}/${id}`);
  }
  await driver.removeParentIfEmpty();
  removed.push(...(await collectNetworkGarbage(engine, running)));
  removed.push(...(await collectUnions(engine, options)));
  return { removed };
}

async function listDir(dir: string): Promise<string[]> {
  return (await readDirOrEmpty(dir)).map((entry) => entry.name);
}
