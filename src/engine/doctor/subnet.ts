/** The default network's subnet must not collide with a route the host already has. */
import path from 'node:path';
import { formatSubnet, maskOf, overlaps, parseSubnet, type Subnet } from '../network/cidr.js';
import { networkDefaults } from '../network/config.js';
import { readText } from './read.js';
import { check, type DoctorCheck, type ProbeContext } from './types.js';

export interface HostRouteEntry {
  subnet: Subnet;
  dev: string;
}

/** /proc/net/route: destination and mask are little-endian hex words; the default route (mask 0) is skipped. */
export function parseProcRoutes(text: string): HostRouteEntry[] {
  const out: HostRouteEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const le = (hex: string): number => {
      const n = parseInt(hex, 16);
      return (((n & 0xff) << 24) | (((n >>> 8) & 0xff) << 16) | (((n >>> 16) & 0xff) << 8) | ((n >>> 24) & 0xff)) >>> 0;
    };
    const mask = le(f[7]!);
    if (mask === 0) continue;
    const prefix = 32 - Math.log2(2 ** 32 - mask);
    if (!Number.isInteger(prefix) || maskOf(prefix) !== mask) continue;
    out.push({ subnet: { network: (le(f[1]!) & mask) >>> 0, prefix }, dev: f[0]! });
  }
  return out;
}

export async function probeRoutes(ctx: ProbeContext): Promise<HostRouteEntry[]> {
  return parseProcRoutes((await readText(path.join(ctx.procRoot, 'net/route'))) ?? '');
}

export function subnetChecks(env: NodeJS.ProcessEnv, routes: readonly HostRouteEntry[]): DoctorCheck[] {
  const title = 'Default network subnet';
  let defaults;
  let subnet: Subnet;
  try {
    defaults = networkDefaults(env);
    subnet = parseSubnet(defaults.subnet, 'TSLAB_SUBNET');
  } catch (error) {
    return [check('subnet', title, 'warn', (error as Error).message, { required: false, fix: 'set TSLAB_SUBNET=10.88.0.0/16 and TSLAB_BRIDGE=tslab0 (or unset them)' })];
  }
  const clash = routes.find((r) => r.dev !== defaults.bridge && overlaps(subnet, r.subnet));
  if (clash) {
    return [
      check('subnet', title, 'warn', `${formatSubnet(subnet)} collides with the host route ${formatSubnet(clash.subnet)} dev ${clash.dev}: tslab run --net bridge will refuse`, {
        required: false,
        fix: 'export TSLAB_SUBNET=10.89.0.0/16 (any /8-/30 no host route uses)',
      }),
    ];
  }
  return [check('subnet', title, 'ok', `${formatSubnet(subnet)} on bridge ${defaults.bridge}: no host route uses it`, { required: false })];
}
