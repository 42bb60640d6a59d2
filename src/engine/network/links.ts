/**
 * `ip` wrappers: network namespaces, veth pairs, addresses and routes. Every call
 * goes through runHost, so the transcript shows the exact `ip` command a learner
 * could type. Names are validated before anything runs: tslab only ever creates
 * or removes netns named `tslab-*` and links named `tsl*` (see ARCHITECTURE.md).
 *
 * Single-step functions (one `ip` process each) are what lessons call; the engine's
 * start path batches the same commands through `runIpBatch` (one `ip -batch -`).
 */
import { TslabError } from '../errors.js';
import { runHost } from '../host.js';
import { readDirOrEmpty } from '../json-files.js';

/** Where `ip netns add` mounts its namespaces. */
export const NETNS_DIR = '/run/netns';
/** IFNAMSIZ is 16 with the NUL: a link name has at most 15 characters. */
export const MAX_LINK_NAME = 15;

const netnsNamePattern = /^tslab-[A-Za-z0-9_.-]{1,64}$/;
const ownLinkPattern = /^tsl[A-Za-z0-9_.-]{1,12}$/;
/** Names allowed inside a container's netns (eth0, lo) besides tslab's own. */
const anyLinkPattern = /^[A-Za-z0-9_.-]{1,15}$/;

export function assertNetnsName(name: string): void {
  if (!netnsNamePattern.test(name)) {
    throw new TslabError('E_NET_NAME', `refusing netns name ${JSON.stringify(name)}: tslab only manages netns named tslab-*`, {
      hint: 'Use a name like tslab-demo.',
    });
  }
}

/** A host-side link tslab owns: starts with `tsl`, at most 15 characters. */
export function assertOwnLinkName(name: string): void {
  if (!ownLinkPattern.test(name)) {
    throw new TslabError('E_NET_NAME', `refusing link name ${JSON.stringify(name)}: tslab only manages links named tsl* of at most ${MAX_LINK_NAME} characters`, {
      hint: 'Use a name like tslveth0 (IFNAMSIZ allows 15 characters).',
    });
  }
}

/** A link inside a netns tslab owns may be named anything valid (eth0, lo). */
function assertLinkName(name: string, netns: string | undefined): void {
  if (netns === undefined) assertOwnLinkName(name);
  else if (!anyLinkPattern.test(name)) {
    throw new TslabError('E_NET_NAME', `invalid link name ${JSON.stringify(name)}`, { hint: 'Link names are 1-15 letters, digits, _ . -' });
  }
}

function nsArgs(netns: string | undefined): string[] {
  if (netns === undefined) return [];
  assertNetnsName(netns);
  return ['-n', netns];
}

export async function createNetns(name: string): Promise<void> {
  assertNetnsName(name);
  await runHost('ip', ['netns', 'add', name]);
}

/** Removes the named netns; a netns that is already gone is not an error. */
export async function deleteNetns(name: string): Promise<void> {
  assertNetnsName(name);
  const result = await runHost('ip', ['netns', 'delete', name], { allowFailure: true });
  if (result.exitCode !== 0 && !/No such file|not found|does not exist/i.test(result.stderr)) {
    throw new TslabError('E_HOST_COMMAND', `ip netns delete ${name} failed: ${result.stderr.trim()}`);
  }
}

/** Gives a name to the network namespace process PID is in (`ip netns attach`). */
export async function attachNetns(name: string, pid: number): Promise<void> {
  assertNetnsName(name);
  if (!Number.isInteger(pid) || pid <= 0) throw new TslabError('E_NET_PID', `invalid pid ${pid}`);
  await runHost('ip', ['netns', 'attach', name, String(pid)]);
}

export async function setLinkUp(link: string, netns?: string): Promise<void> {
  assertLinkName(link, netns);
  await runHost('ip', [...nsArgs(netns), 'link', 'set', link, 'up']);
}

export async function createVethPair(hostEnd: string, peerEnd: string): Promise<void> {
  assertOwnLinkName(hostEnd);
  assertOwnLinkName(peerEnd);
  await runHost('ip', ['link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', peerEnd]);
}

export async function moveLinkToNetns(link: string, netns: string): Promise<void> {
  assertOwnLinkName(link);
  assertNetnsName(netns);
  await runHost('ip', ['link', 'set', link, 'netns', netns]);
}

export async function addAddress(link: string, cidr: string, netns?: string): Promise<void> {
  assertLinkName(link, netns);
  assertCidrText(cidr);
  await runHost('ip', [...nsArgs(netns), 'addr', 'add', cidr, 'dev', link]);
}

/** Deletes a tsl* link in the host netns (a veth's peer goes with it); already gone is fine. */
export async function deleteLink(link: string): Promise<void> {
  assertOwnLinkName(link);
  const result = await runHost('ip', ['link', 'delete', link], { allowFailure: true });
  if (result.exitCode !== 0 && !/Cannot find device|does not exist/i.test(result.stderr)) {
    throw new TslabError('E_HOST_COMMAND', `ip link delete ${link} failed: ${result.stderr.trim()}`);
  }
}

/** Names of every named netns on the host (read from /run/netns, no process). */
export async function listNetns(): Promise<string[]> {
  return (await readDirOrEmpty(NETNS_DIR)).map((entry) => entry.name).sort();
}

export async function renameLink(link: string, newName: string, netns?: string): Promise<void> {
  assertLinkName(link, netns);
  assertLinkName(newName, netns);
  await runHost('ip', [...nsArgs(netns), 'link', 'set', link, 'name', newName]);
}

export async function addDefaultRoute(gateway: string, netns?: string): Promise<void> {
  assertIpText(gateway);
  await runHost('ip', [...nsArgs(netns), 'route', 'add', 'default', 'via', gateway]);
}

export interface LinkInfo {
  ifname: string;
  ifindex: number;
  address?: string;
  operstate?: string;
  master?: string;
  link_type?: string;
}

/** Links in the caller's netns (or NETNS), of one type if given, from `ip -j link` (quiet: a read-only probe). */
export async function listLinks(netns?: string, type?: 'bridge'): Promise<LinkInfo[]> {
  const result = await runHost('ip', [...nsArgs(netns), '-j', 'link', 'show', ...(type ? ['type', type] : [])], { quiet: true });
  return JSON.parse(result.stdout || '[]') as LinkInfo[];
}

/** Host links tslab owns (names starting `tsl`). */
export async function listOwnLinks(): Promise<LinkInfo[]> {
  return (await listLinks()).filter((link) => link.ifname.startsWith('tsl'));
}

/**
 * Runs several `ip` commands in one process (`ip -batch -`). Each line is the
 * arguments of one `ip` command (without `ip`), e.g. `link set tsl1 up`. With
 * `force`, ip carries on after a failed line (used for teardown).
 */
export async function runIpBatch(lines: readonly string[], options: { force?: boolean; allowFailure?: boolean } = {}): Promise<void> {
  if (lines.length === 0) return;
  for (const line of lines) {
    if (/[\n;&|`$<>]/.test(line)) throw new TslabError('E_NET_BATCH', `refusing ip batch line ${JSON.stringify(line)}`);
  }
  const args = options.force ? ['-force', '-batch', '-'] : ['-batch', '-'];
  await runHost('ip', args, { input: `${lines.join('\n')}\n`, allowFailure: options.allowFailure ?? false });
}

function assertCidrText(cidr: string): void {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr)) throw new TslabError('E_NET_ADDR', `invalid address ${JSON.stringify(cidr)}`, { hint: 'Use A.B.C.D/LEN, e.g. 10.88.0.2/16.' });
}

function assertIpText(ip: string): void {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) throw new TslabError('E_NET_ADDR', `invalid address ${JSON.stringify(ip)}`);
}

export { assertIpText, assertCidrText };
