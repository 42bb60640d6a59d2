/**
 * IPv4 subnet arithmetic for IPAM and overlap checks: addresses as unsigned
 * 32-bit numbers, subnets as (network, prefix length).
 */
import { TslabError } from '../errors.js';

export interface Subnet {
  /** Network address as an unsigned 32-bit number. */
  network: number;
  prefix: number;
}

export function parseIp(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    // No leading zeros: inet_aton and ping read 010 as octal (8), so 10.010.0.1 is ambiguous.
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export function formatIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** A.B.C.D/LEN -> Subnet; host bits must be zero (10.88.0.0/16, not 10.88.0.5/16). */
export function parseSubnet(text: string, flag = '--subnet'): Subnet {
  const hint = `use ${flag} A.B.C.D/LEN with the host bits zero, e.g. ${flag} 10.89.0.0/24`;
  const match = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  const ip = match ? parseIp(match[1]!) : undefined;
  const prefix = match ? Number(match[2]) : NaN;
  if (!match || ip === undefined || prefix > 32) {
    throw new TslabError('E_BAD_SUBNET', `invalid subnet ${JSON.stringify(text)}`, { hint });
  }
  if (prefix < 8 || prefix > 30) {
    throw new TslabError('E_BAD_SUBNET', `subnet ${text}: the prefix length must be between /8 and /30`, { hint });
  }
  if ((ip & ~maskOf(prefix)) >>> 0 !== 0) {
    throw new TslabError('E_BAD_SUBNET', `subnet ${text} has host bits set (did you mean ${formatIp((ip & maskOf(prefix)) >>> 0)}/${prefix}?)`, { hint });
  }
  const subnet = { network: ip, prefix };
  const reserved = RESERVED.find((r) => overlaps(subnet, r.subnet));
  if (reserved) {
    throw new TslabError('E_BAD_SUBNET', `subnet ${text} is in ${reserved.what}, which cannot hold containers' addresses`, {
      hint: `use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), e.g. ${flag} 10.89.0.0/24`,
    });
  }
  return subnet;
}

/** Ranges the kernel routes specially (RFC 6890): an address there never reaches a bridge as a normal host. */
const RESERVED: ReadonlyArray<{ subnet: Subnet; what: string }> = [
  { subnet: { network: 0x00000000, prefix: 8 }, what: '0.0.0.0/8 ("this network")' },
  { subnet: { network: 0x7f000000, prefix: 8 }, what: '127.0.0.0/8 (loopback)' },
  { subnet: { network: 0xa9fe0000, prefix: 16 }, what: '169.254.0.0/16 (link-local)' },
  { subnet: { network: 0xe0000000, prefix: 4 }, what: '224.0.0.0/4 (multicast)' },
  { subnet: { network: 0xf0000000, prefix: 4 }, what: '240.0.0.0/4 (reserved, with the broadcast 255.255.255.255)' },
];

export function formatSubnet(subnet: Subnet): string {
  return `${formatIp(subnet.network)}/${subnet.prefix}`;
}

export function size(subnet: Subnet): number {
  return 2 ** (32 - subnet.prefix);
}

export function contains(subnet: Subnet, ip: number): boolean {
  return ((ip & maskOf(subnet.prefix)) >>> 0) === subnet.network;
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  return ((a.network & maskOf(prefix)) >>> 0) === ((b.network & maskOf(prefix)) >>> 0);
}

/** First usable host address (.1): the default gateway. */
export function firstHost(subnet: Subnet): number {
  return subnet.network + 1;
}

export function broadcast(subnet: Subnet): number {
  return subnet.network + size(subnet) - 1;
}

/** The lowest host address that is neither the gateway nor used; undefined when the subnet is full. */
export function nextFreeAddress(subnet: Subnet, gateway: number, used: ReadonlySet<number>): number | undefined {
  for (let ip = subnet.network + 1; ip < broadcast(subnet); ip++) {
    if (ip !== gateway && !used.has(ip)) return ip;
  }
  return undefined;
}

/** Docker-style MAC from the IPv4 address: 02:42 (locally administered) + the four bytes. */
export function macForIp(ip: number): string {
  return ['02', '42', ...formatIp(ip).split('.').map((b) => Number(b).toString(16).padStart(2, '0'))].join(':');
}

/** Destinations of `ip -j route` entries as subnets ("default" excluded). */
export function routeSubnets(routes: ReadonlyArray<{ dst?: string; dev?: string }>): Array<{ subnet: Subnet; dev: string }> {
  const out: Array<{ subnet: Subnet; dev: string }> = [];
  for (const route of routes) {
    if (!route.dst || route.dst === 'default') continue;
    const [addr, len] = route.dst.includes('/') ? route.dst.split('/') : [route.dst, '32'];
    const ip = parseIp(addr!);
    if (ip === undefined) continue;
    const prefix = Number(len);
    out.push({ subnet: { network: (ip & maskOf(prefix)) >>> 0, prefix }, dev: route.dev ?? '' });
  }
  return out;
}
