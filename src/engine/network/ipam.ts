/**
 * IPAM: one attachment file per container (data dir/network/attachments/ID.json)
 * holding its address, netns, host veth and published ports. Written under the
 * network lock BEFORE anything is made on the host, so concurrent runs never get
 * the same address and gc can always find what a crashed run made. Released
 * (file removed) when the container's network is torn down, i.e. when it stops.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { TslabError } from '../errors.js';
import { networkDir, type TslabPaths } from '../paths.js';
import type { PortSpec } from '../spec/types.js';
import { formatIp, nextFreeAddress, parseIp, parseSubnet } from './cidr.js';
import type { NetworkRecord } from './types.js';
import { jsonFileNames, readJson, writeJsonAtomic } from '../json-files.js';

export interface Attachment {
  container: string;
  /** Network name; absent for --net none (a netns with only lo). */
  network?: string;
  ip?: string;
  mac?: string;
  netns: string;
  hostVeth?: string;
  ports: PortSpec[];
}

const dir = (p: TslabPaths): string => path.join(networkDir(p), 'attachments');

export async function listAttachments(paths: TslabPaths): Promise<Attachment[]> {
  const all = await Promise.all((await jsonFileNames(dir(paths))).map((id) => readAttachment(paths, id)));
  return all.filter((a): a is Attachment => a !== undefined);
}

export async function readAttachment(paths: TslabPaths, id: string): Promise<Attachment | undefined> {
  return readJson<Attachment>(path.join(dir(paths), `${id}.json`));
}

export async function writeAttachment(paths: TslabPaths, attachment: Attachment): Promise<void> {
  await mkdir(dir(paths), { recursive: true });
  await writeJsonAtomic(path.join(dir(paths), `${attachment.container}.json`), attachment);
}

export async function releaseAttachment(paths: TslabPaths, id: string): Promise<void> {
  await rm(path.join(dir(paths), `${id}.json`), { force: true });
}

/** The next free address of a network, given the attachments that exist (call under the network lock). */
export function allocateAddress(net: NetworkRecord, attachments: readonly Attachment[]): string {
  const subnet = parseSubnet(net.subnet);
  const used = new Set(attachments.filter((a) => a.network === net.name && a.ip).map((a) => parseIp(a.ip!)!));
  const ip = nextFreeAddress(subnet, parseIp(net.gateway)!, used);
  if (ip === undefined) {
    throw new TslabError('E_NETWORK_FULL', `network ${net.name} (${net.subnet}) has no free address left`, { hint: 'remove a container from it, or create a network with a larger --subnet' });
  }
  return formatIp(ip);
}
