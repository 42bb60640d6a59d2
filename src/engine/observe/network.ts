/**
 * Links, addresses and routes of the host or of a named netns, read with one
 * `ip -d -j -batch -` per namespace (quiet: probes are not "what tslab did").
 * Bridge ports show as a link's `master`; tslab's nat chains from iptables-save.
 */
import type { Host } from '../host.js';

export interface NetLink {
  name: string;
  index: number;
  /** operstate: UP, DOWN, UNKNOWN (loopback), LOWERLAYERDOWN. */
  state: string;
  /** The UP flag: the admin state `ip link set ... up` sets. */
  up: boolean;
  /** LOWER_UP: the carrier is there (for a veth, the peer is up too). */
  lowerUp: boolean;
  kind?: string;
  /** `tslc<id>` for a peer in the same netns, `if12` for one in another (ip's `@ifN`). */
  peer?: string;
  /** Set when the peer lives in another netns (ip's link-netnsid). */
  peerNetnsId?: number;
  master?: string;
  addresses: string[];
}

export interface NetRoute {
  dst: string;
  dev: string;
  gateway?: string;
  scope?: string;
}

export interface NetView {
  netns?: string;
  links: NetLink[];
  routes: NetRoute[];
  error?: string;
}

interface IpLink {
  ifindex: number;
  ifname: string;
  flags?: string[];
  operstate?: string;
  link?: string;
  link_index?: number;
  link_netnsid?: number;
  master?: string;
  linkinfo?: { info_kind?: string };
  addr_info?: Array<{ family: string; local: string; prefixlen: number }>;
}

export function parseIpAddr(json: string): NetLink[] {
  const links = JSON.parse(json || '[]') as IpLink[];
  return links.map((l) => {
    const link: NetLink = {
      name: l.ifname,
      index: l.ifindex,
      state: l.operstate ?? 'UNKNOWN',
      up: (l.flags ?? []).includes('UP'),
      lowerUp: (l.flags ?? []).includes('LOWER_UP'),
      addresses: (l.addr_info ?? []).filter((a) => a.family === 'inet' || a.family === 'inet6').map((a) => `${a.local}/${a.prefixlen}`),
    };
    if (l.linkinfo?.info_kind) link.kind = l.linkinfo.info_kind;
    if (l.link) link.peer = l.link;
    else if (l.link_index !== undefined) link.peer = `if${l.link_index}`;
    if (l.link_netnsid !== undefined) link.peerNetnsId = l.link_netnsid;
    if (l.master) link.master = l.master;
    return link;
  });
}

export function parseIpRoute(json: string): NetRoute[] {
  const routes = JSON.parse(json || '[]') as Array<{ dst: string; dev: string; gateway?: string; scope?: string }>;
  return routes.map((r) => ({ dst: r.dst, dev: r.dev, ...(r.gateway ? { gateway: r.gateway } : {}), ...(r.scope ? { scope: r.scope } : {}) }));
}

/** One `ip` process for links+addresses and routes. A missing netns gives `error`, not a throw. */
export async function observeNetwork(host: Host, netns?: string): Promise<NetView> {
  const args = [...(netns ? ['-n', netns] : []), '-d', '-j', '-batch', '-'];
  // Quiet: a probe is not "what tslab did"; a netns that vanished is a result, not an error.
  const result = await host.run('ip', args, { input: 'addr show\nroute show\n', quiet: true, allowFailure: true });
  const [addr, route] = result.stdout.split('\n').filter((line) => line.startsWith('['));
  if (result.exitCode !== 0 && addr === undefined) {
    return { ...(netns ? { netns } : {}), links: [], routes: [], error: result.stderr.trim().split('\n')[0] ?? `ip exit ${result.exitCode}` };
  }
  return { ...(netns ? { netns } : {}), links: parseIpAddr(addr ?? '[]'), routes: parseIpRoute(route ?? '[]') };
}

/** tslab's own nat chains (TSLAB-*) and the rules that jump to them. */
export async function observeNatChains(host: Host): Promise<string[]> {
  const result = await host.run('iptables', ['-t', 'nat', '-S'], { quiet: true, allowFailure: true });
  if (result.exitCode !== 0) return [`iptables: ${result.stderr.trim().split('\n')[0] ?? 'failed'}`];
  return result.stdout.split('\n').filter((line) => line.includes('TSLAB'));
}
