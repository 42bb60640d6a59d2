/**
 * A network on the host: its bridge (with the gateway address, route_localnet
 * on so 127.0.0.1 can be DNAT'd into it) and its rules in tslab's chains.
 * The first network up also makes tslab's chains (and their one jump per
 * built-in chain) and turns on ip_forward; the last one down removes them.
 */
import type { Engine } from '../engine.js';
import type { Host } from '../host.js';
import { interfaceExists } from '../syscalls.js';
import { parseSubnet } from './cidr.js';
import { networkDefaults } from './config.js';
import { ensureForwarding, restoreForwarding } from './forward.js';
import { applyPlan, chainNames, networkOwner, networkRules, parseSave, removeRobustly, saveRules, type Chains, type Plan } from './iptables.js';
import { applyNetOps, assertOwnLinkName, type NetOp } from './ops.js';
import type { NetworkRecord } from './types.js';

export function chains(): Chains {
  return chainNames(networkDefaults().chainPrefix);
}

export function linkExists(name: string): boolean {
  return interfaceExists(name);
}

/** The ops that make the bridge (none if it exists). */
export function bridgeUpOps(net: NetworkRecord): NetOp[] {
  assertOwnLinkName(net.bridge);
  if (linkExists(net.bridge)) return [];
  return [
    { op: 'bridge-add', link: net.bridge },
    { op: 'addr-add', link: net.bridge, cidr: `${net.gateway}/${parseSubnet(net.subnet).prefix}` },
    { op: 'link-up', link: net.bridge },
  ];
}

function bridgeDownOps(net: NetworkRecord): NetOp[] {
  assertOwnLinkName(net.bridge);
  return linkExists(net.bridge) ? [{ op: 'link-delete', link: net.bridge }] : [];
}

/** Kernel settings once the bridge exists (file writes, no process). */
export async function configureBridge(engine: Engine, net: NetworkRecord, firstNetwork: boolean): Promise<void> {
  await engine.host.writeKernelFile(`/proc/sys/net/ipv4/conf/${net.bridge}/route_localnet`, '1');
  if (firstNetwork) await ensureForwarding(engine);
}

/** The iptables part of bringing a network up (plus chains when it is the first). */
export function networkUpPlan(net: NetworkRecord, firstNetwork: boolean): Plan {
  const c = chains();
  return { ...(firstNetwork ? { createChains: c } : {}), add: networkRules(c, net), remove: [] };
}

/**
 * Apply an up plan; if iptables refuses because tslab's chains are missing
 * although another network is recorded (a crash), make them and try again.
 */
export async function applyUpPlan(host: Host, plan: Plan): Promise<void> {
  try {
    await applyPlan(host, plan);
  } catch (error) {
    if (plan.createChains) throw error;
    const c = chains();
    if (parseSave(await saveRules(host)).chains.has(c.dnat)) throw error;
    await applyPlan(host, { ...plan, createChains: c });
  }
}

export function networkDownPlan(net: NetworkRecord, lastNetwork: boolean): Plan {
  const c = chains();
  return { ...(lastNetwork ? { deleteChains: c } : {}), add: [], remove: lastNetwork ? [] : networkRules(c, net) };
}

/** Take a network's rules (and, if last, tslab's chains and ip_forward) and bridge away. Idempotent. */
export async function bringNetworkDown(engine: Engine, net: NetworkRecord, lastNetwork: boolean, extra: { plan?: Plan; owners?: string[]; ops?: NetOp[] } = {}): Promise<void> {
  const down = networkDownPlan(net, lastNetwork);
  const plan: Plan = { ...down, remove: [...(extra.plan?.remove ?? []), ...down.remove] };
  await removeRobustly(engine.host, plan, chains(), new Set([networkOwner(net.name), ...(extra.owners ?? [])]));
  await applyNetOps(engine.host, [...(extra.ops ?? []), ...bridgeDownOps(net)], 'batch');
  if (lastNetwork) await restoreForwarding(engine, [net.bridge]);
}
