/**
 * Port publishing: `-p [HOSTIP:]HOSTPORT:CTRPORT[/tcp|/udp]` parsed and
 * validated, and the host-port conflict check (another container publishes it,
 * or a host process listens on it, read from /proc/net/{tcp,tcp6,udp,udp6}).
 */
import { readFile } from 'node:fs/promises';
import { TslabError } from '../errors.js';
import type { PortSpec } from '../spec/types.js';
import { parseIp } from './cidr.js';

const hint = 'use -p [HOST_IP:]HOST_PORT:CONTAINER_PORT[/tcp|/udp], e.g. -p 8080:80 or -p 127.0.0.1:8080:80/tcp';

export function parsePublish(text: string): PortSpec {
  const match = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d{1,5}):(\d{1,5})(?:\/(tcp|udp))?$/.exec(text);
  if (!match) throw new TslabError('E_BAD_PUBLISH', `invalid port mapping ${JSON.stringify(text)}`, { hint });
  const [, hostIp, hostPort, containerPort, protocol] = match;
  if (hostIp !== undefined && parseIp(hostIp) === undefined) {
    throw new TslabError('E_BAD_PUBLISH', `invalid host address ${hostIp} in ${JSON.stringify(text)}`, { hint });
  }
  const port = (p: string, what: string): number => {
    const n = Number(p);
    if (n < 1 || n > 65535) throw new TslabError('E_BAD_PUBLISH', `${what} ${p} in ${JSON.stringify(text)} is not between 1 and 65535`, { hint });
    return n;
  };
  return {
    ...(hostIp === undefined ? {} : { hostIp }),
    hostPort: port(hostPort!, 'host port'),
    containerPort: port(containerPort!, 'container port'),
    protocol: (protocol ?? 'tcp') as 'tcp' | 'udp',
  };
}

/** Parse every -p; the same host port (and protocol) twice in one run is refused. */
export function parsePublishList(list: readonly string[]): PortSpec[] {
  const ports = list.map(parsePublish);
  for (let i = 0; i < ports.length; i++) {
    for (let j = 0; j < i; j++) {
      if (sameHostPort(ports[i]!, ports[j]!)) {
        throw new TslabError('E_BAD_PUBLISH', `host port ${formatPort(ports[i]!)} is published twice`, { hint: 'each -p needs its own host port' });
      }
    }
  }
  return ports;
}

export function formatPort(p: PortSpec): string {
  return `${p.hostIp ?? '0.0.0.0'}:${p.hostPort}/${p.protocol}`;
}

/** `0.0.0.0:8080->80/tcp`, as `docker ps` prints it. */
export function shortMapping(p: PortSpec): string {
  return `${p.hostIp ?? '0.0.0.0'}:${p.hostPort}->${p.containerPort}/${p.protocol}`;
}

/** `80/tcp -> 0.0.0.0:8080`, as `docker port` prints it. */
export function describeMapping(p: PortSpec): string {
  return `${p.containerPort}/${p.protocol} -> ${p.hostIp ?? '0.0.0.0'}:${p.hostPort}`;
}

/** Two mappings claim the same host port: same protocol and port, and one is on all addresses or both on the same one. */
export function sameHostPort(a: PortSpec, b: PortSpec): boolean {
  return a.protocol === b.protocol && a.hostPort === b.hostPort && (a.hostIp === undefined || b.hostIp === undefined || a.hostIp === b.hostIp);
}

export interface HostSocket {
  protocol: 'tcp' | 'udp';
  /** Local address, dotted (IPv4) or 'v6:HEX' for IPv6. */
  address: string;
  port: number;
}

/** Parse /proc/net/{tcp,udp}[6]: TCP sockets in LISTEN (0A), every bound UDP socket. */
export function parseProcNet(text: string, protocol: 'tcp' | 'udp'): HostSocket[] {
  const out: HostSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    const st = fields[3];
    if (!local || !st) continue;
    if (protocol === 'tcp' && st !== '0A') continue;
    const [hexAddr, hexPort] = local.split(':');
    if (!hexAddr || !hexPort) continue;
    const port = parseInt(hexPort, 16);
    if (port === 0) continue;
    out.push({ protocol, address: hexAddr.length === 8 ? hexToIpv4(hexAddr) : `v6:${hexAddr}`, port });
  }
  return out;
}

/** /proc/net stores IPv4 addresses as a little-endian hex word. */
function hexToIpv4(hex: string): string {
  const n = parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
}

/** Is a host process using the port (on all addresses, or on the one asked for)? */
export function listenerConflict(port: PortSpec, sockets: readonly HostSocket[]): HostSocket | undefined {
  return sockets.find((s) => {
    if (s.protocol !== port.protocol || s.port !== port.hostPort) return false;
    if (port.hostIp === undefined) return true;
    const wildcard = s.address === '0.0.0.0' || /^v6:0+$/.test(s.address);
    return wildcard || s.address === port.hostIp || (port.hostIp.startsWith('127.') && s.address.startsWith('127.'));
  });
}

export async function hostSockets(procNet = '/proc/net'): Promise<HostSocket[]> {
  const files: Array<[string, 'tcp' | 'udp']> = [['tcp', 'tcp'], ['tcp6', 'tcp'], ['udp', 'udp'], ['udp6', 'udp']];
  const texts = await Promise.all(files.map(([f]) => readFile(`${procNet}/${f}`, 'utf8').catch(() => '')));
  return files.flatMap(([, protocol], i) => parseProcNet(texts[i]!, protocol));
}

/**
 * Refuse a port another container of this tslab publishes, or a host process
 * listens on. `published` lists the other containers' mappings (from IPAM records).
 */
export function checkPortConflicts(
  ports: readonly PortSpec[],
  published: ReadonlyArray<{ container: string; port: PortSpec }>,
  sockets: readonly HostSocket[],
): void {
  for (const port of ports) {
    const owner = published.find((p) => sameHostPort(p.port, port));
    if (owner) {
      throw new TslabError('E_PORT_IN_USE', `host port ${formatPort(port)} is already published by container ${owner.container}`, {
        hint: `choose another host port (e.g. -p ${port.hostPort + 1}:${port.containerPort}) or remove that container`,
      });
    }
    const listener = listenerConflict(port, sockets);
    if (listener) {
      throw new TslabError('E_PORT_IN_USE', `host port ${formatPort(port)} is already in use by a process on the host`, {
        hint: `see who listens with \`ss -lntup 'sport = :${port.hostPort}'\`, or choose another host port`,
      });
    }
  }
}
