/**
 * inspect: the container's record joined with what the kernel says now —
 * namespaces, cgroup usage, mounts — so a learner can compare the two; and
 * docker's names for the same facts (docker-names.ts) beside tslab's own.
 */
import { readFile } from 'node:fs/promises';
import { getCgroupDriver } from '../cgroups/detect.js';
import type { CgroupStats } from '../cgroups/types.js';
import { parseMountinfo } from '../observe/mountinfo.js';
import type { Engine } from '../engine.js';
import { namespaceInodes } from '../observe/namespaces.js';
import type { ContainerState } from '../state.js';
import { dockerNames } from './docker-names.js';
import { containerProcessAlive } from './liveness.js';

export interface ContainerInspection extends ContainerState, ReturnType<typeof dockerNames> {
  live?: {
    namespaces: Record<string, number>;
    hostNamespaces: Record<string, number>;
    cgroup?: CgroupStats;
    mounts: Array<{ target: string; type: string; source: string; options: string }>;
  };
}

export async function inspectContainer(engine: Engine, state: ContainerState): Promise<ContainerInspection> {
  const docker = dockerNames(state);
  if (state.status === 'stopped' || state.pid === undefined || !containerProcessAlive(state)) return { ...state, ...docker };
  const pid = state.pid;
  const cgroup = (await getCgroupDriver(engine)).open(state.id);
  const mountinfo = parseMountinfo(await readFile(`/proc/${pid}/mountinfo`, 'utf8').catch(() => ''));
  return {
    ...state,
    ...docker,
    live: {
      namespaces: namespaceInodes(pid),
      hostNamespaces: namespaceInodes('self'),
      ...(cgroup ? { cgroup: await cgroup.stats() } : {}),
      mounts: mountinfo.map((m) => ({ target: m.mountPoint, type: m.fsType, source: m.source, options: m.options.join(',') })),
    },
  };
}
