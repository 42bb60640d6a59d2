/**
 * Live panels for a lesson's target: resolves the sandbox (container and/or
 * netns) on every refresh and reads only the panels asked for. Read-only:
 * the container is looked up in the store, never reaped from here.
 */
import { getCgroupDriver } from '../../engine/cgroups/detect.js';
import type { Engine } from '../../engine/engine.js';
import { containerProcessAlive } from '../../engine/lifecycle/liveness.js';
import { CgroupSampler, observeCgroup } from '../../engine/observe/cgroup.js';
import { observeMounts } from '../../engine/observe/mounts.js';
import { observeNatChains, observeNetwork } from '../../engine/observe/network.js';
import { compareNamespaces } from '../../engine/observe/ns-compare.js';
import { observeProcesses } from '../../engine/observe/processes.js';
import { listNetns } from '../../engine/network/ops.js';
import { unionDir, unionMountPoints } from '../../engine/rootfs/union.js';
import type { LabTarget, PanelId } from '../types.js';
import { formatCgroup, formatMounts, formatNamespaces, formatNetwork, formatProcesses } from './format.js';

export interface PanelSnapshot {
  id: PanelId;
  title: string;
  lines: string[];
}

interface Resolved {
  pid?: number;
  containerId?: string;
  netns?: string;
}

export class PanelSource {
  readonly #samplers = new Map<string, CgroupSampler>();

  constructor(
    readonly engine: Engine,
    readonly target: LabTarget,
  ) {}

  async resolve(): Promise<Resolved> {
    const resolved: Resolved = {};
    if (this.target.container) {
      const state = await this.engine.store.resolve(this.target.container).catch(() => undefined);
      if (state && state.status !== 'stopped' && containerProcessAlive(state) && state.pid !== undefined) {
        resolved.pid = state.pid;
        resolved.containerId = state.id;
      }
      // A sandbox whose network is built from outside (lesson 1) has a named netns and maybe no process.
      const named = state?.network?.netns;
      if (named && (await listNetns()).includes(named)) resolved.netns = named;
    }
    if (this.target.netns && (await listNetns()).includes(this.target.netns)) resolved.netns = this.target.netns;
    return resolved;
  }

  async snapshot(ids: readonly PanelId[]): Promise<PanelSnapshot[]> {
    const resolved = await this.resolve();
    return Promise.all(ids.map((id) => this.#panel(id, resolved)));
  }

  async #panel(id: PanelId, r: Resolved): Promise<PanelSnapshot> {
    const none = this.target.network
      ? `netns of ${this.target.container ?? 'the sandbox'}: does not exist yet`
      : this.target.container
        ? `${this.target.container} is not running`
        : `netns ${this.target.netns ?? ''} does not exist`;
    switch (id) {
      case 'ns': {
        const netnsPath = r.netns ? `/run/netns/${r.netns}` : undefined;
        const has = r.pid !== undefined || netnsPath !== undefined;
        return { id, title: 'namespaces: sandbox vs host', lines: has ? formatNamespaces(compareNamespaces({ ...(r.pid ? { pid: r.pid } : {}), ...(netnsPath ? { netnsPath } : {}) })) : [none] };
      }
      case 'net': {
        const [host, inside] = await Promise.all([observeNetwork(this.engine.host), r.netns ? observeNetwork(this.engine.host, r.netns) : Promise.resolve(undefined)]);
        const lines = formatNetwork(host, inside);
        if (!inside && this.target.netns) lines.unshift(`netns ${this.target.netns}: does not exist`);
        else if (!inside && this.target.network) lines.unshift(none);
        return { id, title: 'net: links, addresses, routes', lines };
      }
      case 'cgroup': {
        const driver = await getCgroupDriver(this.engine);
        const group = r.containerId ? driver.open(r.containerId) : undefined;
        if (!group || !r.containerId) return { id, title: 'cgroup', lines: [r.pid ? 'the sandbox is in no tslab cgroup yet' : none] };
        const view = observeCgroup(group.version, { ...group.paths });
        let sampler = this.#samplers.get(r.containerId);
        if (!sampler) this.#samplers.set(r.containerId, (sampler = new CgroupSampler()));
        sampler.add(view);
        return { id, title: `cgroup v${group.version}: limits and usage`, lines: formatCgroup(view, sampler.history) };
      }
      case 'mounts': {
        // A union demo is mounted on the host: its overlay first, then the sandbox's own mounts.
        const union = this.target.union ? observeMounts(process.pid).filter((m) => unionMountPoints(unionDir(this.engine.paths, this.target.union!)).includes(m.mountPoint)) : [];
        const lines = [...(union.length ? ['host (union demo):', ...formatMounts(union)] : []), ...(r.pid ? formatMounts(observeMounts(r.pid)) : union.length ? [] : [none])];
        return { id, title: 'mounts (the sandbox mountinfo)', lines };
      }
      case 'procs': {
        if (!r.pid) return { id, title: 'procs: PID inside / on the host', lines: [none] };
        // Paused: the freezer stops them all, which ps shows only on v1 (D); say it on every version.
        const group = r.containerId ? (await getCgroupDriver(this.engine)).open(r.containerId) : undefined;
        const frozen = (await group?.isFrozen().catch(() => false)) ? ['frozen (cgroup freezer): none of these can run'] : [];
        return { id, title: 'procs: PID inside / on the host', lines: [...formatProcesses(observeProcesses(r.pid)), ...frozen] };
      }
      case 'nat': {
        const rules = await observeNatChains(this.engine.host);
        return { id, title: 'nat: TSLAB chains', lines: rules.length ? rules.slice(0, 20) : ['no TSLAB chains in the nat table'] };
      }
    }
  }
}
