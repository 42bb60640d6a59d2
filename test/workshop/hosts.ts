/**
 * The class's machines, made by the test: one bridge in the host's network
 * (the instructor's side, with the server's address) and one network
 * namespace per learner joined to it by a veth pair. Traffic goes only between
 * these addresses; teardown removes every link and namespace made here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { tslabBin } from '../helpers/tslab.js';

export interface ClassNet {
  serverIp: string;
  hosts: string[];
  hostIp(i: number): string;
  /** argv that runs `tslab ARGS` on learner host i, with a /run/netns of its own so lessons' fixed netns names do not collide. */
  onHost(i: number, args: string[]): string[];
  remove(): Promise<void>;
}

const tag = process.pid % 10000;
const ip = (...args: string[]) => execa('ip', args);

export async function makeClassNet(learners: number): Promise<ClassNet> {
  // A /24 of its own from the pid (10.71.x): test files running together differ.
  const net = `10.71.${process.pid % 256}`;
  const bridge = `tslwb${tag}`;
  const hosts = Array.from({ length: learners }, (_, i) => `tslab-wsh${tag}-${i}`);
  const made = { bridge: false, hosts: [] as string[] };
  const remove = async () => {
    for (const host of made.hosts) await ip('netns', 'delete', host).catch(() => undefined);
    if (made.bridge) await ip('link', 'delete', bridge).catch(() => undefined);
  };
  try {
    await ip('link', 'add', bridge, 'type', 'bridge');
    made.bridge = true;
    await ip('addr', 'add', `${net}.1/24`, 'dev', bridge);
    await ip('link', 'set', bridge, 'up');
    for (const [i, host] of hosts.entries()) {
      const outer = `tslw${i}h${tag}`;
      const inner = `tslw${i}c${tag}`;
      await ip('netns', 'add', host);
      made.hosts.push(host);
      await ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
      await ip('link', 'set', inner, 'netns', host);
      await ip('link', 'set', outer, 'master', bridge, 'up');
      await ip('-n', host, 'addr', 'add', `${net}.${10 + i}/24`, 'dev', inner);
      await ip('-n', host, 'link', 'set', inner, 'up');
      await ip('-n', host, 'link', 'set', 'lo', 'up');
    }
  } catch (error) {
    await remove();
    throw error;
  }
  const wrapper = path.join(path.dirname(tslabBin), '..', 'test', 'workshop', 'learner-host.mjs');
  return {
    serverIp: `${net}.1`,
    hosts,
    hostIp: (i) => `${net}.${10 + i}`,
    // nsenter, not `ip netns exec` (which mounts the netns's own sysfs over /sys, hiding /sys/fs/cgroup from the
    // lab), with a private mount namespace of its own, in which the wrapper gives the learner their own /run/netns.
    onHost: (i, args) => ['nsenter', `--net=/run/netns/${hosts[i]!}`, '--', 'unshare', '--mount', '--propagation', 'private', '--', process.execPath, wrapper, tslabBin, ...args],
    remove,
  };
}

/** What of this file's class network is still there (empty when clean). */
export function classNetLeftovers(): string[] {
  const left: string[] = [];
  if (existsSync(`/sys/class/net/tslwb${tag}`)) left.push(`bridge tslwb${tag}`);
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  for (const line of netns.split('\n')) if (line.startsWith(`tslab-wsh${tag}-`)) left.push(`netns ${line.split(' ')[0]}`);
  return left;
}
