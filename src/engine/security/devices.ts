/**
 * Which devices a container may use: runc's and docker's default list. Root
 * in a container keeps CAP_MKNOD, so it can make a node for any device; the
 * device cgroup is what stops it from opening one (the disk, /dev/kmsg,
 * /dev/loop-control...). mknod itself stays allowed (m), as in docker.
 */
import type { DeviceRule } from '../cgroups/types.js';

const char = (major: number | undefined, minor: number | undefined, access = 'rwm'): DeviceRule => ({
  allow: true,
  type: 'c',
  ...(major === undefined ? {} : { major }),
  ...(minor === undefined ? {} : { minor }),
  access,
});

export const DEFAULT_DEVICE_RULES: readonly DeviceRule[] = [
  { allow: false, type: 'a', access: 'rwm' },
  // Making nodes is allowed; opening them is what the list below governs.
  { allow: true, type: 'c', access: 'm' },
  { allow: true, type: 'b', access: 'm' },
  char(1, 3), // null
  char(1, 5), // zero
  char(1, 7), // full
  char(1, 8), // random
  char(1, 9), // urandom
  char(5, 0), // tty
  char(5, 1), // console
  char(5, 2), // ptmx
  char(136, undefined), // pts/*
  char(10, 200), // net/tun (docker allows it: a tun needs CAP_NET_ADMIN anyway)
];

export const PRIVILEGED_DEVICE_RULES: readonly DeviceRule[] = [{ allow: true, type: 'a', access: 'rwm' }];

/** cgroup v1 devices.allow / devices.deny line: `c 1:3 rwm`, `a *:* rwm`. */
export function v1DeviceLine(rule: DeviceRule): string {
  const n = (v: number | undefined) => (v === undefined ? '*' : String(v));
  return `${rule.type} ${n(rule.major)}:${n(rule.minor)} ${rule.access}`;
}
