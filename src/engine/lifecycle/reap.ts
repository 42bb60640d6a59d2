/**
 * Reaping: after a container's process ends, record how it ended (exit code,
 * OOM kill) and release what it held (cgroup, and later its network). Called by
 * the foreground CLI, by the shim's on_exit hook for detached containers, and
 * by the commands that act on a container and by gc for those that ended
 * while nobody watched (never by ps: a read changes nothing). Idempotent.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { getCgroupDriver } from '../cgroups/detect.js';
import type { Engine } from '../engine.js';
import { removeContainerData } from '../rootfs/layers.js';
import { releaseCgroup } from './cgroup.js';
import { holdsNetwork, networkCode } from './network.js';
import { exitFile, type ContainerState } from '../state.js';
import { containerProcessAlive, shimAlive } from './liveness.js';

/** Exit code recorded when the shim died before it could write one (docker uses 255 likewise). */
export const UNKNOWN_EXIT = 255;

export async function reapContainer(engine: Engine, id: string): Promise<ContainerState | undefined> {
  return engine.store.withLock(id, async () => {
    const state = await engine.store.read(id);
    if (!state || state.status === 'stopped') return state;
    const exit = await readExitFile(engine, id);
    if (!exit) {
      if (shimAlive(state)) return state; // still running: the shim will write the exit file
      await killOrphan(state);
    }
    const driver = await getCgroupDriver(engine);
    const cgroup = driver.open(id);
    const stats = await cgroup?.stats().catch(() => undefined);
    await Promise.all([
      releaseCgroup(engine, cgroup),
      // The network goes when the container stops: veth, netns name, DNAT rules and its address (released here, not at rm).
      holdsNetwork(state) ? networkCode().then((network) => network.detachNetwork(engine, id)) : undefined,
    ]);
    state.exitCode = exit?.code ?? UNKNOWN_EXIT;
    state.exitSignal = exit?.signal ?? 0;
    // As docker does: any OOM kill in the container's cgroup marks it, whichever process it hit.
    state.oomKilled = (stats?.oomKills ?? 0) > 0;
    state.status = 'stopped';
    state.finishedAt = new Date().toISOString();
    state.cgroupPaths = [];
    // What it was connected to stays; the address, veth and netns it had are gone (as in docker).
    if (state.network) state.network = { mode: state.network.mode, ...(state.network.network ? { network: state.network.network } : {}), ports: state.network.ports };
    if (state.spec.autoRemove) {
      await Promise.all([removeContainerData(engine.paths, id), engine.store.remove(state)]);
      return undefined;
    }
    await engine.store.write(state);
    return state;
  });
}

export async function readExitFile(engine: Engine, id: string): Promise<{ code: number; signal: number } | undefined> {
  const text = await readFile(exitFile(engine.paths, id), 'utf8').catch(() => undefined);
  const match = text === undefined ? null : /^(\d+) (\d+)/.exec(text);
  return match ? { code: Number(match[1]), signal: Number(match[2]) } : undefined;
}

/** The shim died (SIGKILL, OOM of the host...) but its container may still run: end it. */
async function killOrphan(state: ContainerState): Promise<void> {
  if (!containerProcessAlive(state) || state.pid === undefined) return;
  try {
    process.kill(state.pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && containerProcessAlive(state); i++) await sleep(20);
}
