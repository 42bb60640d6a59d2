/** IPv4 forwarding lets the host route a container's packets out through the bridge. */
import path from 'node:path';
import { check, type DoctorCheck, type ProbeContext } from './types.js';
import { readNumber } from './read.js';

export async function probeIpForward(ctx: ProbeContext): Promise<number | undefined> {
  return readNumber(path.join(ctx.procRoot, 'sys/net/ipv4/ip_forward'));
}

export function ipForwardChecks(value: number | undefined): DoctorCheck[] {
  const title = 'IPv4 forwarding';
  if (value === undefined) {
    return [check('ip_forward', title, 'warn', '/proc/sys/net/ipv4/ip_forward cannot be read', { required: false, fix: 'mount -t proc proc /proc' })];
  }
  if (value === 0) {
    return [
      check('ip_forward', title, 'warn', 'off: tslab turns it on when a container needs outbound traffic and records that it did', {
        required: false,
        fix: 'sysctl -w net.ipv4.ip_forward=1',
      }),
    ];
  }
  return [check('ip_forward', title, 'ok', 'on (net.ipv4.ip_forward=1)', { required: false })];
}
