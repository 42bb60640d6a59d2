/**
 * Network records on disk (data dir/network/networks/NAME.json): tslab's
 * default network `bridge` (bridge tslab0, made on first use and taken down
 * when its last container leaves) and user networks (`tslab network create`,
 * up from create to rm). Subnets are checked against the other tslab networks
 * and the host's routes. All changes hold the network lock (one per data dir).
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { TslabError } from '../errors.js';
import { withFileLock } from '../file-lock.js';
import type { Engine } from '../engine.js';
import type { Host } from '../host.js';
import { networkDir, type TslabPaths } from '../paths.js';
import { firstHost, formatIp, formatSubnet, overlaps, parseIp, parseSubnet, routeSubnets, contains, broadcast, type Subnet } from './cidr.js';
import { DEFAULT_NETWORK, networkDefaults } from './config.js';
import { jsonFileNames, readJson, writeJsonAtomic } from '../json-files.js';
import type { NetworkRecord } from './types.js';

export type { NetworkRecord } from './types.js';


const recordsDir = (p: TslabPaths): string => path.join(networkDir(p), 'networks');

/** Run fn holding this data dir's network lock (IPAM, bridges and rules change only under it). */
export async function withNetworkLock<T>(paths: TslabPaths, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  await mkdir(networkDir(paths), { recursive: true });
  const busy = () => new TslabError('E_NETWORK_BUSY', 'the network lock is held by another tslab command', { hint: 'wait for it to finish and try again' });
  return withFileLock(path.join(networkDir(paths), 'lock'), { timeoutMs, busy }, fn);
}

export function validateNetworkName(name: string): string {
  if (!/^[a-z0-9][a-z0-9_.-]{0,31}$/.test(name) || ['none', 'host'].includes(name)) {
    throw new TslabError('E_BAD_NETWORK_NAME', `invalid network name ${JSON.stringify(name)}`, {
      hint: 'use lowercase letters, digits, _ . - (at most 32), not none or host, e.g. backend',
    });
  }
  return name;
}

/** Bridge `tsl-NAME`, shortened with a hash past IFNAMSIZ's 15 characters. */
export function bridgeNameFor(name: string): string {
  const simple = `tsl-${name.replace(/[_.]/g, '-')}`;
  if (simple.length <= 15) return simple;
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `tsl-${name.replace(/[_.]/g, '-').slice(0, 6)}${hash.toString(36).slice(0, 5)}`;
}

export function defaultNetworkRecord(env: NodeJS.ProcessEnv = process.env): NetworkRecord {
  const d = networkDefaults(env);
  const subnet = parseSubnet(d.subnet, 'TSLAB_SUBNET');
  return { name: DEFAULT_NETWORK, bridge: d.bridge, subnet: formatSubnet(subnet), gateway: formatIp(firstHost(subnet)), default: true, createdAt: new Date().toISOString() };
}

export async function readNetwork(paths: TslabPaths, name: string): Promise<NetworkRecord | undefined> {
  return readJson<NetworkRecord>(path.join(recordsDir(paths), `${name}.json`));
}

export async function listNetworkRecords(paths: TslabPaths): Promise<NetworkRecord[]> {
  const records = await Promise.all((await jsonFileNames(recordsDir(paths))).map((name) => readNetwork(paths, name)));
  return records.filter((r): r is NetworkRecord => r !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

export async function writeNetwork(paths: TslabPaths, record: NetworkRecord): Promise<void> {
  await mkdir(recordsDir(paths), { recursive: true });
  await writeJsonAtomic(path.join(recordsDir(paths), `${record.name}.json`), record);
}

export async function removeNetworkRecord(paths: TslabPaths, name: string): Promise<void> {
  await rm(path.join(recordsDir(paths), `${name}.json`), { force: true });
}

/** The network a container asks for: the default one (record or not yet made) or a user network. */
export async function resolveNetwork(paths: TslabPaths, name: string): Promise<NetworkRecord> {
  const record = await readNetwork(paths, name);
  if (record) return record;
  if (name === DEFAULT_NETWORK) return defaultNetworkRecord();
  throw new TslabError('E_NO_SUCH_NETWORK', `no such network: ${name}`, {
    hint: `create it with \`tslab network create ${name}\`, or see the networks with \`tslab network ls\``,
  });
}

export interface HostRoute {
  dst?: string;
  dev?: string;
}

export async function hostRoutes(host: Host): Promise<HostRoute[]> {
  const result = await host.run('ip', ['-j', 'route', 'show', 'table', 'all'], { quiet: true, allowFailure: true });
  try {
    return (JSON.parse(result.stdout || '[]') as Array<HostRoute & { type?: string; table?: string }>).filter((r) => (r.type ?? 'unicast') === 'unicast' && (r.table === undefined || r.table === 'main'));
  } catch {
    return [];
  }
}

/**
 * A subnet a new network may use: no overlap with another tslab network of this
 * data dir, nor with a host route (other than one on the network's own bridge).
 */
export function subnetConflict(subnet: Subnet, others: readonly NetworkRecord[], routes: readonly HostRoute[], ownBridge: string): string | undefined {
  for (const other of others) {
    if (overlaps(subnet, parseSubnet(other.subnet))) return `tslab network ${other.name} (${other.subnet})`;
  }
  for (const route of routeSubnets(routes)) {
    if (route.dev === ownBridge) continue;
    if (overlaps(subnet, route.subnet)) return `the host route ${formatSubnet(route.subnet)} dev ${route.dev}`;
  }
  return undefined;
}

/** For `network create` without --subnet: the first free /24 in 10.89.0.0-10.99.255.0. */
export function pickSubnet(others: readonly NetworkRecord[], routes: readonly HostRoute[]): Subnet {
  for (let second = 89; second <= 99; second++) {
    for (let third = 0; third < 256; third++) {
      const subnet = { network: parseIp(`10.${second}.${third}.0`)!, prefix: 24 };
      if (!subnetConflict(subnet, others, routes, '')) return subnet;
    }
  }
  throw new TslabError('E_NO_FREE_SUBNET', 'no free /24 left in 10.89.0.0-10.99.255.0', { hint: 'give one with --subnet CIDR' });
}

export interface NewNetwork {
  name: string;
  subnet?: string;
  gateway?: string;
  ephemeral?: boolean;
}

/** Validate a new network against the others and the host; returns its record (not yet written). */
export async function planNetwork(engine: Engine, request: NewNetwork): Promise<NetworkRecord> {
  const paths = engine.paths;
  const name = validateNetworkName(request.name);
  if (name === DEFAULT_NETWORK || (await readNetwork(paths, name))) {
    throw new TslabError('E_NETWORK_EXISTS', `network ${name} already exists`, { hint: 'choose another name, or remove it first with `tslab network rm`' });
  }
  const others = await listNetworkRecords(paths);
  const withDefault = others.some((o) => o.default) ? others : [...others, defaultNetworkRecord()];
  const routes = await hostRoutes(engine.host);
  const bridge = bridgeNameFor(name);
  if (withDefault.some((o) => o.bridge === bridge)) {
    throw new TslabError('E_NETWORK_EXISTS', `network ${name} would use bridge ${bridge}, which another network has`, { hint: 'choose a more different name' });
  }
  let subnet: Subnet;
  if (request.subnet !== undefined) {
    subnet = parseSubnet(request.subnet);
    const conflict = subnetConflict(subnet, withDefault, routes, bridge);
    if (conflict) {
      throw new TslabError('E_SUBNET_OVERLAP', `subnet ${request.subnet} overlaps ${conflict}`, {
        hint: 'choose a subnet that no tslab network or host route uses (see `ip route` and `tslab network ls`), e.g. one in 10.89.0.0/16',
      });
    }
  } else {
    subnet = pickSubnet(withDefault, routes);
  }
  let gateway = firstHost(subnet);
  if (request.gateway !== undefined) {
    const ip = parseIp(request.gateway);
    if (ip === undefined || !contains(subnet, ip) || ip === subnet.network || ip === broadcast(subnet)) {
      throw new TslabError('E_BAD_GATEWAY', `gateway ${request.gateway} is not a host address of ${formatSubnet(subnet)}`, { hint: `e.g. --gateway ${formatIp(firstHost(subnet))}` });
    }
    gateway = ip;
  }
  return { name, bridge, subnet: formatSubnet(subnet), gateway: formatIp(gateway), default: false, ...(request.ephemeral ? { ephemeral: true } : {}), createdAt: new Date().toISOString() };
}

/** For the default network's first use: its subnet must not collide with a host route. */
export function checkDefaultSubnet(record: NetworkRecord, others: readonly NetworkRecord[], routes: readonly HostRoute[]): void {
  const conflict = subnetConflict(parseSubnet(record.subnet, 'TSLAB_SUBNET'), others.filter((o) => o.name !== record.name), routes, record.bridge);
  if (conflict) {
    throw new TslabError('E_SUBNET_OVERLAP', `the default network's subnet ${record.subnet} overlaps ${conflict}`, {
      hint: 'set another one with TSLAB_SUBNET=CIDR (e.g. 10.89.0.0/16), or run with --net none',
    });
  }
}

/** `tslab network create`: record first (intent), then bridge and rules; nothing left if a step fails. */
export async function createNetwork(engine: Engine, request: NewNetwork): Promise<NetworkRecord> {
  const paths = engine.paths;
  const { applyUpPlan, bridgeUpOps, configureBridge, networkUpPlan, bringNetworkDown } = await import('./bridge.js');
  const { applyNetOps } = await import('./ops.js');
  return withNetworkLock(paths, async () => {
    const record = await planNetwork(engine, request);
    const first = (await listNetworkRecords(paths)).length === 0;
    await writeNetwork(paths, record);
    try {
      await applyNetOps(engine.host, bridgeUpOps(record), 'batch');
      await configureBridge(engine, record, first);
      await applyUpPlan(engine.host, networkUpPlan(record, first));
    } catch (error) {
      await bringNetworkDown(engine, record, first).catch(() => undefined);
      await removeNetworkRecord(paths, record.name);
      throw error;
    }
    return record;
  });
}

/** `tslab network rm`: refused while a container is attached; the default network cannot be removed. */
export async function removeNetwork(engine: Engine, name: string): Promise<void> {
  const paths = engine.paths;
  const { bringNetworkDown } = await import('./bridge.js');
  const { listAttachments } = await import('./ipam.js');
  if (name === DEFAULT_NETWORK) {
    throw new TslabError('E_NETWORK_BUILTIN', 'the default network cannot be removed', { hint: 'it goes away by itself when no container uses it' });
  }
  await withNetworkLock(paths, async () => {
    const record = await readNetwork(paths, name);
    if (!record) throw new TslabError('E_NO_SUCH_NETWORK', `no such network: ${name}`, { hint: 'see the networks with `tslab network ls`' });
    const users = (await listAttachments(paths)).filter((a) => a.network === name);
    if (users.length > 0) {
      throw new TslabError('E_NETWORK_IN_USE', `network ${name} is used by ${users.length} container(s): ${users.map((u) => u.container).join(', ')}`, {
        hint: 'stop or remove those containers first',
      });
    }
    const records = await listNetworkRecords(paths);
    await bringNetworkDown(engine, record, records.length === 1);
    await removeNetworkRecord(paths, name);
  });
}

export interface NetworkView extends NetworkRecord {
  /** Whether its bridge is up now (the default network is made on first use). */
  up: boolean;
  containers: Array<{ id: string; ip?: string; mac?: string; ports: unknown[] }>;
}

/** `tslab network ls` / `inspect`: records, the default network always listed. */
export async function viewNetworks(paths: TslabPaths): Promise<NetworkView[]> {
  const { listAttachments } = await import('./ipam.js');
  const records = await listNetworkRecords(paths);
  const all = records.some((r) => r.default) ? records : [defaultNetworkRecord(), ...records];
  const attachments = await listAttachments(paths);
  return all.map((r) => ({
    ...r,
    up: records.includes(r),
    containers: attachments.filter((a) => a.network === r.name).map((a) => ({ id: a.container, ...(a.ip ? { ip: a.ip } : {}), ...(a.mac ? { mac: a.mac } : {}), ports: a.ports })),
  }));
}
