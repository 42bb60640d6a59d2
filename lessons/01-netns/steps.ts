/**
 * Lesson 1: a network namespace, its loopback, a veth pair and pings both ways.
 * The sandbox is the engine's (`tslab-<id>`, `tsl<id>`, reserved before anything
 * is made, so `tslab gc` owns all of it); each step applies the engine's network
 * operations one command at a time, the same ones `tslab run` batches.
 */
import { applyNetOps, listNetns, type NetOp } from '../../src/engine/network/ops.js';
import type { NetworkNames } from '../../src/engine/network/reserve.js';
import { observeNetwork, type NetLink } from '../../src/engine/observe/network.js';
import { fail, pass, probe, show } from '../../src/lab/host-steps.js';
import { findNetworkSandbox, openNetworkSandbox, removeSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const NAME = 'lesson-01';
const ip = (cidr: string) => cidr.split('/')[0]!;

const pingArgs = (target: string) => ['-c', '1', '-W', '1', target];
const pingInside = (n: NetworkNames, target: string) => ['netns', 'exec', n.netns, 'busybox', 'ping', ...pingArgs(target)];

/** The sandbox's names; a step after the first needs the sandbox the first made. */
async function names(lab: LabContext): Promise<NetworkNames> {
  const found = await findNetworkSandbox(lab.engine, NAME);
  if (!found) throw new Error(`the sandbox ${NAME} does not exist: run create-netns first`);
  return found;
}

const apply = (lab: LabContext, ...ops: NetOp[]) => applyNetOps(lab.engine.host, ops, 'step');

async function nsLinks(lab: LabContext, n: NetworkNames): Promise<NetLink[] | undefined> {
  if (!(await listNetns()).includes(n.netns)) return undefined;
  const view = await observeNetwork(lab.engine.host, n.netns);
  return view.error ? undefined : view.links;
}

const describe = (l: NetLink) => `${l.name} ${l.up ? 'UP' : 'DOWN'}${l.addresses.length ? ` ${l.addresses.filter((a) => !a.includes(':')).join(' ')}` : ' no address'}`;

/** Runs `check` only when the sandbox and its netns exist; the first thing every step needs. */
async function withNetns(lab: LabContext, check: (links: NetLink[], n: NetworkNames) => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  const n = await findNetworkSandbox(lab.engine, NAME);
  if (!n) return fail(`no sandbox ${NAME} (tslab ps -a does not show it)`);
  const links = await nsLinks(lab, n);
  return links ? check(links, n) : fail(`no netns ${n.netns} (ip netns list does not show it)`);
}

async function pingResult(lab: LabContext, args: string[]): Promise<{ ok: boolean; text: string }> {
  const result = await probe(lab, 'ip', args);
  const text = `${result.stdout}\n${result.stderr}`;
  return { ok: result.exitCode === 0, text: /unreachable/i.test(text) ? 'Network is unreachable' : result.exitCode === 0 ? 'reply' : '100% packet loss' };
}

const lesson: LessonSteps = {
  id: '01-netns',
  target: { container: NAME, network: true },
  names: {
    NETNS: async (lab) => (await findNetworkSandbox(lab.engine, NAME))?.netns,
    VETH_HOST: async (lab) => (await findNetworkSandbox(lab.engine, NAME))?.hostVeth,
    VETH_NS: async (lab) => (await findNetworkSandbox(lab.engine, NAME))?.peer,
    HOST_IP: async (lab) => { const n = await findNetworkSandbox(lab.engine, NAME); return n && ip(n.hostCidr); },
    NS_IP: async (lab) => { const n = await findNetworkSandbox(lab.engine, NAME); return n && ip(n.peerCidr); },
  },
  steps: [
    {
      id: 'create-netns',
      panels: ['net', 'ns'],
      async run(lab) {
        const n = await openNetworkSandbox(lab, NAME);
        await apply(lab, { op: 'netns-add', netns: n.netns });
        await show(lab, 'ip', ['netns', 'list']);
        await show(lab, 'ip', ['netns', 'exec', n.netns, 'ip', 'link']);
      },
      check: (lab) =>
        withNetns(lab, (links, n) => {
          const seen = links.map(describe).join(', ');
          return links.length >= 1 && links.some((l) => l.name === 'lo') ? pass(`${n.netns} exists; its links: ${seen}`) : fail(`${n.netns} exists but has: ${seen || 'nothing'}`);
        }),
    },
    {
      id: 'ping-lo-down',
      panels: ['net'],
      shell: 'inside',
      async run(lab) {
        const n = await names(lab);
        await show(lab, 'ip', pingInside(n, '127.0.0.1'));
      },
      check: (lab) =>
        withNetns(lab, async (links, n) => {
          const lo = links.find((l) => l.name === 'lo');
          const ping = await pingResult(lab, pingInside(n, '127.0.0.1'));
          if (lo?.up) return fail(`lo is already UP in ${n.netns}; ping 127.0.0.1: ${ping.text}`);
          return ping.ok ? fail('ping 127.0.0.1 got a reply') : pass(`lo DOWN, no address; ping 127.0.0.1: ${ping.text}`);
        }),
    },
    {
      id: 'bring-lo-up',
      panels: ['net'],
      shell: 'inside',
      async run(lab) {
        const n = await names(lab);
        await apply(lab, { op: 'link-up', link: 'lo', netns: n.netns });
        await show(lab, 'ip', ['netns', 'exec', n.netns, 'ip', 'addr', 'show', 'lo']);
        await show(lab, 'ip', pingInside(n, '127.0.0.1'));
      },
      check: (lab) =>
        withNetns(lab, async (links, n) => {
          const lo = links.find((l) => l.name === 'lo');
          const ping = await pingResult(lab, pingInside(n, '127.0.0.1'));
          const seen = lo ? describe(lo) : 'no lo';
          return lo?.up && lo.addresses.includes('127.0.0.1/8') && ping.ok ? pass(`${seen}; ping 127.0.0.1: reply`) : fail(`${seen}; ping 127.0.0.1: ${ping.text}`);
        }),
    },
    {
      id: 'create-veth',
      panels: ['net'],
      async run(lab) {
        const n = await names(lab);
        await apply(lab, { op: 'veth-add', link: n.hostVeth, peer: n.peer });
        await show(lab, 'ip', ['link', 'show', 'type', 'veth']);
      },
      check: (lab) =>
        withNetns(lab, async (_links, n) => {
          const h = (await observeNetwork(lab.engine.host)).links.find((l) => l.name === n.hostVeth);
          if (!h) return fail(`no ${n.hostVeth} on the host`);
          if (h.kind !== 'veth') return fail(`${n.hostVeth} is a ${h.kind ?? 'non-veth'} link, not a veth`);
          return pass(`${n.hostVeth}@${h.peer ?? '?'} is a veth, ${h.up ? 'UP' : 'DOWN'}`);
        }),
    },
    {
      id: 'move-veth',
      panels: ['net'],
      // A challenge: the learner moves the end in a host shell; this is the reference solution.
      async solve(lab) {
        const n = await names(lab);
        await apply(lab, { op: 'link-move', link: n.peer, netns: n.netns });
        await show(lab, 'ip', ['link', 'show', 'type', 'veth']);
        await show(lab, 'ip', ['netns', 'exec', n.netns, 'ip', 'link']);
      },
      check: (lab) =>
        withNetns(lab, async (links, n) => {
          const host = (await observeNetwork(lab.engine.host)).links;
          const inside = links.find((l) => l.name === n.peer);
          const h = host.find((l) => l.name === n.hostVeth);
          if (host.some((l) => l.name === n.peer)) return fail(`${n.peer} is still on the host`);
          if (!inside) return fail(`${n.peer} is not in ${n.netns}`);
          return pass(`host: ${h ? `${n.hostVeth}@${h.peer ?? '?'} link-netns ${n.netns}` : `no ${n.hostVeth}`}; ${n.netns}: ${n.peer}@${inside.peer ?? '?'}`);
        }),
    },
    {
      id: 'address-veth',
      panels: ['net'],
      async run(lab) {
        const n = await names(lab);
        await apply(
          lab,
          { op: 'addr-add', link: n.hostVeth, cidr: n.hostCidr },
          { op: 'link-up', link: n.hostVeth },
          { op: 'addr-add', link: n.peer, cidr: n.peerCidr, netns: n.netns },
          { op: 'link-up', link: n.peer, netns: n.netns },
        );
        await show(lab, 'ip', ['netns', 'exec', n.netns, 'ip', 'route']);
      },
      check: (lab) =>
        withNetns(lab, async (links, n) => {
          const h = (await observeNetwork(lab.engine.host)).links.find((l) => l.name === n.hostVeth);
          const c = links.find((l) => l.name === n.peer);
          const seen = `host ${h ? describe(h) : `no ${n.hostVeth}`}; ${n.netns} ${c ? describe(c) : `no ${n.peer}`}`;
          const ok = h?.up && c?.up && h.addresses.includes(n.hostCidr) && c.addresses.includes(n.peerCidr);
          return ok ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'ping-both-ways',
      panels: ['net'],
      async run(lab) {
        const n = await names(lab);
        await show(lab, 'busybox', ['ping', ...pingArgs(ip(n.peerCidr))]);
        await show(lab, 'ip', pingInside(n, ip(n.hostCidr)));
      },
      check: (lab) =>
        withNetns(lab, async (_links, n) => {
          const out = await pingResult(lab, ['netns', 'exec', n.netns, 'busybox', 'ping', ...pingArgs(ip(n.hostCidr))]);
          const inbound = (await probe(lab, 'busybox', ['ping', ...pingArgs(ip(n.peerCidr))])).exitCode === 0;
          const seen = `host -> ${ip(n.peerCidr)}: ${inbound ? 'reply' : 'no reply'}; ${n.netns} -> ${ip(n.hostCidr)}: ${out.ok ? 'reply' : out.text}`;
          return inbound && out.ok ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'recap',
      panels: ['net', 'ns'],
      async run(lab) {
        const n = await names(lab);
        await show(lab, 'ip', ['netns', 'list']);
        await show(lab, 'ip', ['-n', n.netns, '-br', 'addr']);
      },
      check: (lab) =>
        withNetns(lab, (links, n) => {
          const lo = links.find((l) => l.name === 'lo');
          const c = links.find((l) => l.name === n.peer);
          const seen = links.map(describe).join(', ');
          return lo?.up && c?.addresses.includes(n.peerCidr) ? pass(`${n.netns}: ${seen}`) : fail(`${n.netns}: ${seen}`);
        }),
    },
  ],
  async reset(lab) {
    await removeSandbox(lab.engine, NAME);
  },
};

export default lesson;
