/**
 * IPAM: one attachment file per container (data dir/network/attachments/ID.json)
 * holding its address, netns, host veth and published ports. Written under the
 * network lock BEFORE anything is made on the host, so concurrent runs never get
 * the same address and gc can always find what a crashed run made. Released
 * (file removed) when the container's network is torn down, i.e. when it stops.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TslabError, errnoCode } from '../errors.js';
import type { TslabPaths } from '../paths.js';
import type { PortSpec } from '../spec/types.js';
import { formatIp, nextFreeAddress, parseIp, parseSubnet } from './cidr.js';
import { networkDir, type NetworkRecord } from './networks.js';

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
  let files: string[];
  try {
    files = (await readdir(dir(paths))).filter((f) => f.endsWith('.json'));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
  const all = await Promise.all(files.map((f) => readAttachment(paths, f.slice(0, -5))));
  return all.filter((a): a is Attachment => a !== undefined);
}

export async function readAttachment(paths: TslabPaths, id: string): Promise<Attachment | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir(paths), `${id}.json`), 'utf8')) as Attachment;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeAttachment(paths: TslabPaths, attachment: Attachment): Promise<void> {
  await mkdir(dir(paths), { recursive: true });
  const file = path.join(dir(paths), `${attachment.container}.json`);
  await writeFile(`${file}.tmp`, `${JSON.stringify(attachment, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
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
