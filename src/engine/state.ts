/**
 * Containers' state on disk: one directory per container under the run dir,
 * state.json written atomically, a name index of symlinks (creating a symlink
 * is atomic, so two CLIs can never take the same name), and a flock per
 * container so two CLIs never change one container at the same time.
 */
import { mkdir, readlink, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TslabError, errnoCode } from './errors.js';
import { containerRunDir, containersRunDir, namesDir, type TslabPaths } from './paths.js';
import type { NetworkState } from './network/types.js';
import type { ContainerSpec } from './spec/types.js';
import { withFileLock } from './file-lock.js';
import { readJson, subdirectoryNames, writeJsonAtomic } from './json-files.js';

export type ContainerStatus = 'created' | 'running' | 'paused' | 'stopped';

export interface RootfsLayers {
  lower: string[];
  upper: string;
  work: string;
  merged: string;
}

export interface ContainerState {
  version: 1;
  id: string;
  name: string;
  spec: ContainerSpec;
  status: ContainerStatus;
  createdAt: string;
  /** The tslab process that is creating it: while that lives, a `created` container is not abandoned. */
  creatorPid?: number;
  creatorStartTime?: number;
  startedAt?: string;
  finishedAt?: string;
  /** Host pid of the container's first process (PID 1 inside). */
  pid?: number;
  /** Its start time in clock ticks (/proc/PID/stat field 22): a reused pid has another. */
  pidStartTime?: number;
  /** The tslab-shim monitor that waits for the container and records its exit. */
  shimPid?: number;
  shimStartTime?: number;
  exitCode?: number;
  exitSignal?: number;
  oomKilled: boolean;
  cgroupPaths: string[];
  /** Namespace inode numbers (from /proc/PID/ns) recorded at start. */
  namespaces: Record<string, number>;
  rootfs: RootfsLayers;
  logPath?: string;
  /** Phase 4's result: netns, address, MAC, gateway, ports (network/attach.ts). */
  network?: NetworkState;
}

export const exitFile = (paths: TslabPaths, id: string): string => path.join(containerRunDir(paths, id), 'exit');

export class StateStore {
  constructor(readonly paths: TslabPaths) {}

  dir(id: string): string {
    return containerRunDir(this.paths, id);
  }

  /** Reserve the name and create the container's directory; nothing is left if either fails. */
  async create(state: ContainerState): Promise<void> {
    await mkdir(namesDir(this.paths), { recursive: true });
    await mkdir(containersRunDir(this.paths), { recursive: true });
    try {
      await symlink(state.id, this.nameLink(state.name));
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') {
        throw new TslabError('E_NAME_IN_USE', `the name ${JSON.stringify(state.name)} is already used by a container`, {
          hint: `remove it with \`tslab rm -f ${state.name}\` or choose another --name`,
        });
      }
      throw error;
    }
    try {
      await mkdir(this.dir(state.id));
      await writeFile(this.lockFile(state.id), '');
      await this.write(state);
    } catch (error) {
      await this.remove(state);
      throw error;
    }
  }

  async write(state: ContainerState): Promise<void> {
    await writeJsonAtomic(path.join(this.dir(state.id), 'state.json'), state);
  }

  async read(id: string): Promise<ContainerState | undefined> {
    return readJson<ContainerState>(path.join(this.dir(id), 'state.json'));
  }

  async ids(): Promise<string[]> {
    return subdirectoryNames(containersRunDir(this.paths));
  }

  async list(): Promise<ContainerState[]> {
    const states = await Promise.all((await this.ids()).map((id) => this.read(id)));
    return states.filter((s): s is ContainerState => s !== undefined).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** A name, a full id, or a unique id prefix -> the container's state. */
  async resolve(ref: string): Promise<ContainerState> {
    const byName = await readlink(this.nameLink(ref)).catch(() => undefined);
    if (byName) {
      const state = await this.read(byName);
      if (state) return state;
    }
    const matches = /^[0-9a-f]+$/.test(ref) ? (await this.ids()).filter((id) => id.startsWith(ref)) : [];
    if (matches.length === 1) {
      const state = await this.read(matches[0]!);
      if (state) return state;
    }
    throw new TslabError('E_NO_SUCH_CONTAINER', matches.length > 1 ? `${ref} matches several containers` : `no such container: ${ref}`, {
      hint: matches.length > 1 ? 'give more of the id, or the name' : 'see the containers with `tslab ps -a`',
    });
  }

  /** Remove the state directory and the name link (only if the link is still this container's). */
  async remove(state: Pick<ContainerState, 'id' | 'name'>): Promise<void> {
    try {
      // Retries cover a file that appears while rm walks the directory (the shim's exit file, written by rename).
      await rm(this.dir(state.id), { recursive: true, force: true, maxRetries: 5, retryDelay: 10 });
    } finally {
      // The name is released even if the directory could not go: gc finishes it, the name is free again.
      const link = this.nameLink(state.name);
      if ((await readlink(link).catch(() => undefined)) === state.id) await unlink(link).catch(() => undefined);
    }
  }

  /** Run fn holding the container's lock; waits up to timeoutMs for another CLI to finish. */
  async withLock<T>(id: string, fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
    const busy = () =>
      new TslabError('E_CONTAINER_BUSY', `container ${id} is busy: another tslab command holds its lock`, { hint: 'wait for it to finish and try again' });
    // The lock file is made with the container's directory: missing means the container was removed.
    const missing = () => new TslabError('E_NO_SUCH_CONTAINER', `container ${id} was removed`, { hint: 'see `tslab ps -a`' });
    return withFileLock(this.lockFile(id), { timeoutMs, busy, missing, create: false }, fn);
  }

  private lockFile(id: string): string {
    return path.join(this.dir(id), 'lock');
  }

  private nameLink(name: string): string {
    return path.join(namesDir(this.paths), name);
  }
}
