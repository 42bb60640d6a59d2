/**
 * Phase 4 as data: every change tslab makes to links and network namespaces is
 * one `NetOp`, and one executor applies a list of them — one `ip` process per
 * op (each recorded, so a lesson shows them one by one), or batched into one
 * `ip -batch -` per namespace (what `tslab run` does, for speed). Both modes
 * run the same operations, so a lesson and `tslab run` cannot drift apart.
 *
 * Names are validated before anything runs: tslab only ever creates or removes
 * netns named `tslab-*` and host links named `tsl*` (see ARCHITECTURE.md).
 */
import { TslabError } from '../errors.js';
import type { Host } from '../host.js';
import { readDirOrEmpty } from '../json-files.js';

/** Where `ip netns add` mounts its namespaces. */
export const NETNS_DIR = '/run/netns';

export type NetOp =
  | { op: 'netns-add'; netns: string }
  /** Name the network namespace process PID is in (the container's, made at clone). */
  | { op: 'netns-attach'; netns: string; pid: number }
  | { op: 'netns-delete'; netns: string }
  | { op: 'bridge-add'; link: string }
  /** A veth pair; the peer may be created straight in a netns, renamed and with a MAC. */
  | { op: 'veth-add'; link: string; peer: string; master?: string; up?: boolean; peerMac?: string; peerNetns?: string }
  | { op: 'link-move'; link: string; netns: string }
  | { op: 'link-up'; link: string; netns?: string }
  | { op: 'link-delete'; link: string }
  | { op: 'addr-add'; link: string; cidr: string; netns?: string }
  | { op: 'route-default'; gateway: string; netns?: string };

export type NetMode = 'step' | 'batch';

const netnsNamePattern = /^tslab-[A-Za-z0-9_.-]{1,64}$/;
const ownLinkPattern = /^tsl[A-Za-z0-9_.-]{1,12}$/;
/** Names allowed inside a container's netns (eth0, lo) besides tslab's own. */
const anyLinkPattern = /^[A-Za-z0-9_.-]{1,15}$/;
const ipPattern = /^\d{1,3}(\.\d{1,3}){3}$/;
const macPattern = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function assertNetnsName(name: string): void {
  if (!netnsNamePattern.test(name)) {
    throw new TslabError('E_NET_NAME', `refusing netns name ${JSON.stringify(name)}: tslab only manages netns named tslab-*`, { hint: 'Use a name like tslab-demo.' });
  }
}

/** A host-side link tslab owns: starts with `tsl`, at most 15 characters (IFNAMSIZ). */
export function assertOwnLinkName(name: string): void {
  if (!ownLinkPattern.test(name)) {
    throw new TslabError('E_NET_NAME', `refusing link name ${JSON.stringify(name)}: tslab only manages links named tsl* of at most 15 characters`, {
      hint: 'Use a name like tslveth0 (IFNAMSIZ allows 15 characters).',
    });
  }
}

/** A link inside a netns tslab owns may be named anything valid (eth0, lo). */
function assertLink(name: string, netns: string | undefined): void {
  if (netns === undefined) assertOwnLinkName(name);
  else if (!anyLinkPattern.test(name)) throw new TslabError('E_NET_NAME', `invalid link name ${JSON.stringify(name)}`, { hint: 'Link names are 1-15 letters, digits, _ . -' });
}

function assertAddress(text: string, cidr: boolean): void {
  const [ip, prefix] = cidr ? text.split('/') : [text, '32'];
  if (!ip || !ipPattern.test(ip) || !prefix || !/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) {
    throw new TslabError('E_NET_ADDR', `invalid address ${JSON.stringify(text)}`, { hint: cidr ? 'Use A.B.C.D/LEN, e.g. 10.88.0.2/16.' : 'Use A.B.C.D.' });
  }
}

/** The op as `ip` arguments (after `ip` and `-n NETNS`), validated. */
export function opCommand(op: NetOp): { netns?: string; args: string[] } {
  const inside = (netns: string | undefined, args: string[]) => {
    if (netns !== undefined) assertNetnsName(netns);
    return netns === undefined ? { args } : { netns, args };
  };
  switch (op.op) {
    case 'netns-add':
    case 'netns-delete':
      assertNetnsName(op.netns);
      return { args: ['netns', op.op === 'netns-add' ? 'add' : 'delete', op.netns] };
    case 'netns-attach':
      assertNetnsName(op.netns);
      if (!Number.isInteger(op.pid) || op.pid <= 0) throw new TslabError('E_NET_PID', `invalid pid ${op.pid}`);
      return { args: ['netns', 'attach', op.netns, String(op.pid)] };
    case 'bridge-add':
      assertOwnLinkName(op.link);
      return { args: ['link', 'add', op.link, 'type', 'bridge'] };
    case 'veth-add': {
      assertOwnLinkName(op.link);
      if (op.master !== undefined) assertOwnLinkName(op.master);
      assertLink(op.peer, op.peerNetns);
      if (op.peerNetns !== undefined) assertNetnsName(op.peerNetns);
      if (op.peerMac !== undefined && !macPattern.test(op.peerMac)) throw new TslabError('E_NET_ADDR', `invalid MAC ${JSON.stringify(op.peerMac)}`);
      return {
        args: [
          'link', 'add', op.link,
          ...(op.master ? ['master', op.master] : []),
          ...(op.up ? ['up'] : []),
          'type', 'veth', 'peer', 'name', op.peer,
          ...(op.peerMac ? ['address', op.peerMac] : []),
          ...(op.peerNetns ? ['netns', op.peerNetns] : []),
        ],
      };
    }
    case 'link-move':
      assertOwnLinkName(op.link);
      assertNetnsName(op.netns);
      return { args: ['link', 'set', op.link, 'netns', op.netns] };
    case 'link-up':
      assertLink(op.link, op.netns);
      return inside(op.netns, ['link', 'set', op.link, 'up']);
    case 'link-delete':
      assertOwnLinkName(op.link);
      return { args: ['link', 'delete', op.link] };
    case 'addr-add':
      assertLink(op.link, op.netns);
      assertAddress(op.cidr, true);
      return inside(op.netns, ['addr', 'add', op.cidr, 'dev', op.link]);
    case 'route-default':
      assertAddress(op.gateway, false);
      return inside(op.netns, ['route', 'add', 'default', 'via', op.gateway]);
  }
}

/** In a lesson, removing what is already gone is not an error (a reset after a crash). */
const removal = (op: NetOp) => op.op === 'netns-delete' || op.op === 'link-delete';
const alreadyGone = /No such file|not found|does not exist|Cannot find device/i;

/**
 * Apply ops in order. `step`: one recorded `ip` per op, as a learner would type
 * it (a removal of something already gone is fine). `batch`: one
 * `ip [-n NETNS] -batch -` per run of ops in the same namespace.
 */
export async function applyNetOps(host: Host, ops: readonly NetOp[], mode: NetMode): Promise<void> {
  const commands = ops.map((op) => ({ op, ...opCommand(op) }));
  if (mode === 'step') {
    for (const { op, netns, args } of commands) {
      const result = await host.run('ip', [...(netns ? ['-n', netns] : []), ...args], { allowFailure: removal(op) });
      if (result.exitCode !== 0 && !alreadyGone.test(result.stderr)) {
        throw new TslabError('E_HOST_COMMAND', `ip ${args.join(' ')} failed: ${result.stderr.trim()}`);
      }
    }
    return;
  }
  for (let i = 0; i < commands.length; ) {
    const netns = commands[i]!.netns;
    let j = i;
    while (j < commands.length && commands[j]!.netns === netns) j++;
    const lines = commands.slice(i, j).map((c) => c.args.join(' '));
    await host.run('ip', [...(netns ? ['-n', netns] : []), '-batch', '-'], { input: `${lines.join('\n')}\n` });
    i = j;
  }
}

/** Names of every named netns on the host (read from /run/netns, no process). */
export async function listNetns(): Promise<string[]> {
  return (await readDirOrEmpty(NETNS_DIR)).map((entry) => entry.name).sort();
}
