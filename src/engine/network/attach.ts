/**
 * Phase 4: the container's network, made from outside once the shim has cloned
 * it into a new net namespace and is waiting.
 *
 * Why the shim creates the netns (at clone, phase 3) and the engine then names
 * it with `ip netns attach tslab-<id> <pid>`, rather than the engine creating a
 * named netns first and passing `join net /run/netns/...`: the namespace is born
 * with the container, owned by the container's user namespace when it has one
 * (so root inside can configure its own interfaces), and phase 3 is then exactly
 * "the process exists in new namespaces" as the lessons show it, while phase 4 is
 * "everything network, done to that process from outside". The name is what lets
 * `ip -n` (and a learner's `ip netns exec`) reach it.
 *
 * Host processes per container on the start path (bridge mode): one `ip -batch`
 * on the host side (netns attach + veth created with its host end on the bridge
 * and its peer already eth0 inside), one `ip -n tslab-<id> -batch` inside (address,
 * eth0 up, default route), and one `iptables-restore` only when ports
 * are published or the network is first brought up. --net none: none (the shim
 * brings lo up itself, with an ioctl).
 */
import { existsSync } from 'node:fs';
import { TslabError } from '../errors.js';
import type { Engine } from '../engine.js';
import type { NamespaceJoin } from '../shim/config.js';
import type { ContainerSpec, PortSpec } from '../spec/types.js';
import type { NetworkState } from './types.js';
import type { ContainerState } from '../state.js';
import { macForIp, parseIp, parseSubnet } from './cidr.js';
import { applyUpPlan, bridgeUpOps, bringNetworkDown, chains, configureBridge, linkExists, networkUpPlan } from './bridge.js';
import { containerOwner, portRules, removeRobustly, type Plan } from './iptables.js';
import { allocateAddress, listAttachments, readAttachment, releaseAttachment, writeAttachment, type Attachment } from './ipam.js';
import { applyNetOps, NETNS_DIR, type NetMode, type NetOp } from './ops.js';
import { checkDefaultSubnet, defaultNetworkRecord, hostRoutes, listNetworkRecords, readNetwork, removeNetworkRecord, resolveNetwork, withNetworkLock, writeNetwork } from './networks.js';
import { checkPortConflicts, hostSockets } from './ports.js';
import { DEFAULT_NETWORK } from './config.js';

export const netnsName = (id: string): string => `tslab-${id}`;
/** `tsl` + the 12-hex-digit id: 15 characters, IFNAMSIZ's limit. */
export const hostVethName = (id: string): string => `tsl${id}`.slice(0, 15);

/**
 * Before anything is made: the network exists, a shared container runs, the
 * ports look free. Returns the namespaces the shim joins instead of creating.
 * (The port check is repeated under the lock in attach, where it is authoritative.)
 */
export async function preflightNetwork(engine: Engine, spec: ContainerSpec): Promise<NamespaceJoin[]> {
  const network = spec.network;
  if (!network) return [];
  if (network.mode === 'container') {
    const target = await engine.store.resolve(network.container).catch(() => undefined);
    const { containerProcessAlive } = await import('../lifecycle/liveness.js');
    if (!target || target.status === 'stopped' || target.pid === undefined || !containerProcessAlive(target)) {
      throw new TslabError('E_NET_CONTAINER', `--net container:${network.container}: ${target ? 'that container is not running' : 'no such container'}`, {
        hint: `start it first (\`tslab run -d --name ${network.container} ...\`), then share its network; see \`tslab ps\``,
      });
    }
    return [{ type: 'net', path: `/proc/${target.pid}/ns/net` }];
  }
  if (network.mode === 'bridge') {
    await resolveNetwork(engine.paths, network.network);
    const ports = spec.ports ?? [];
    if (ports.length > 0) checkPortConflicts(ports, publishedPorts(await listAttachments(engine.paths)), await hostSockets());
  }
  return [];
}

function publishedPorts(attachments: readonly Attachment[]): Array<{ container: string; port: PortSpec }> {
  return attachments.flatMap((a) => a.ports.map((port) => ({ container: a.container.slice(0, 12), port })));
}

/** Phase 4 for a container whose process (PID) waits in its new namespaces. */
export async function attachNetwork(engine: Engine, state: ContainerState, pid: number, mode: NetMode = 'batch'): Promise<NetworkState | undefined> {
  const network = state.spec.network;
  if (!network) return undefined;
  if (network.mode === 'host') return { mode: 'host', ports: [] };
  if (network.mode === 'container') return { mode: 'container', sharedWith: network.container, ports: [] };
  const paths = engine.paths;
  const netns = netnsName(state.id);
  // --net none: the container's own namespace, left anonymous (it dies with the
  // container, so there is nothing to name or remove); the shim brings its lo up.
  if (network.mode === 'none') return { mode: 'none', ports: [] };
  return withNetworkLock(paths, async () => {
    const records = await listNetworkRecords(paths);
    let net = records.find((r) => r.name === network.network);
    const bringUp = net === undefined;
    if (!net) {
      if (network.network !== DEFAULT_NETWORK) await resolveNetwork(paths, network.network); // throws: unknown network
      net = defaultNetworkRecord();
      checkDefaultSubnet(net, records, await hostRoutes(engine.host));
    }
    const firstNetwork = bringUp && records.length === 0;
    const attachments = await listAttachments(paths);
    const ports = state.spec.ports ?? [];
    if (ports.length > 0) checkPortConflicts(ports, publishedPorts(attachments), await hostSockets());
    const ip = allocateAddress(net, attachments);
    const prefix = parseSubnet(net.subnet).prefix;
    const attachment: Attachment = { container: state.id, network: net.name, ip, mac: macForIp(parseIp(ip)!), netns, hostVeth: hostVethName(state.id), ports };
    // Intent first: the records say what is about to exist, so a crash from here on is gc's to finish.
    if (bringUp) await writeNetwork(paths, net);
    await writeAttachment(paths, attachment);
    try {
      const [bridge, inside] = bridgeAttachOps({ bridge: bridgeUpOps(net), netns, pid, hostVeth: attachment.hostVeth!, master: net.bridge, mac: attachment.mac!, cidr: `${ip}/${prefix}`, gateway: net.gateway });
      await applyNetOps(engine.host, bridge, mode);
      if (bringUp) await configureBridge(engine, net, firstNetwork);
      await applyNetOps(engine.host, inside, mode);
      const plan: Plan = bringUp ? networkUpPlan(net, firstNetwork) : { add: [], remove: [] };
      plan.add.push(...portRules(chains(), state.id, ip, ports));
      await applyUpPlan(engine.host, plan);
    } catch (error) {
      await teardownAttachment(engine, attachment).catch(() => undefined);
      throw error;
    }
    return { mode: 'bridge', network: net.name, bridge: net.bridge, ip, prefixLength: prefix, mac: attachment.mac, gateway: net.gateway, netns, hostVeth: attachment.hostVeth, ports };
  });
}

/**
 * A bridge-mode container's network, host side then inside its netns: name the
 * netns the shim made at clone, a veth whose host end is on the bridge and whose
 * peer is born inside as eth0, then eth0's address, up, and the default route.
 */
export function bridgeAttachOps(a: { bridge: NetOp[]; netns: string; pid: number; hostVeth: string; master: string; mac: string; cidr: string; gateway: string }): [NetOp[], NetOp[]] {
  return [
    [
      ...a.bridge,
      { op: 'netns-attach', netns: a.netns, pid: a.pid },
      { op: 'veth-add', link: a.hostVeth, master: a.master, up: true, peer: 'eth0', peerMac: a.mac, peerNetns: a.netns },
    ],
    [
      { op: 'addr-add', link: 'eth0', cidr: a.cidr, netns: a.netns },
      { op: 'link-up', link: 'eth0', netns: a.netns },
      { op: 'route-default', gateway: a.gateway, netns: a.netns },
    ],
  ];
}

/** Undo phase 4 for a container (when it stops, or when its start fails). Idempotent. */
export async function detachNetwork(engine: Engine, id: string): Promise<void> {
  if (!(await readAttachment(engine.paths, id))) return;
  await withNetworkLock(engine.paths, async () => {
    const attachment = await readAttachment(engine.paths, id);
    if (attachment) await teardownAttachment(engine, attachment);
  });
}

/**
 * Remove exactly what an attachment made: its DNAT rules, host veth (its peer
 * goes with it) and netns name; the default network too when it was its last
 * container, and tslab's chains when that was the last network. Call under the lock.
 */
export async function teardownAttachment(engine: Engine, attachment: Attachment): Promise<void> {
  const paths = engine.paths;
  const id = attachment.container;
  const net = attachment.network === undefined ? undefined : await readNetwork(paths, attachment.network);
  const others = (await listAttachments(paths)).filter((a) => a.container !== id);
  const ops: NetOp[] = [
    ...(attachment.hostVeth && linkExists(attachment.hostVeth) ? [{ op: 'link-delete', link: attachment.hostVeth } as const] : []),
    ...(existsSync(`${NETNS_DIR}/${attachment.netns}`) ? [{ op: 'netns-delete', netns: attachment.netns } as const] : []),
  ];
  const portPlan: Plan = { add: [], remove: net && attachment.ip ? portRules(chains(), id, attachment.ip, attachment.ports) : [] };
  const netUnused = net !== undefined && net.default && !others.some((a) => a.network === net.name);
  if (net && netUnused) {
    const records = await listNetworkRecords(paths);
    await bringNetworkDown(engine, net, records.every((r) => r.name === net.name), { plan: portPlan, owners: [containerOwner(id)], ops });
    await removeNetworkRecord(paths, net.name);
  } else {
    await removeRobustly(engine.host, portPlan, chains(), new Set([containerOwner(id)]));
    await applyNetOps(engine.host, ops, 'batch');
  }
  await releaseAttachment(paths, id);
}
