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
import { en, LessonError, REPLAY_HINT, say, zh, type Said } from '../../src/lab/said.js';
import { findNetworkSandbox, openNetworkSandbox, removeSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const NAME = 'lesson-01';
const ip = (cidr: string) => cidr.split('/')[0]!;

const pingArgs = (target: string) => ['-c', '1', '-W', '1', target];
const pingInside = (n: NetworkNames, target: string) => ['netns', 'exec', n.netns, 'busybox', 'ping', ...pingArgs(target)];

/** The sandbox's names; a step after the first needs the sandbox the first made. */
async function names(lab: LabContext): Promise<NetworkNames> {
  const found = await findNetworkSandbox(lab.engine, NAME);
  if (!found) throw new LessonError('E_NO_SANDBOX', say(`the sandbox ${NAME} does not exist: run create-netns first`, `沙箱 ${NAME} 不存在：先做 create-netns 这一步`), REPLAY_HINT);
  return found;
}

const apply = (lab: LabContext, ...ops: NetOp[]) => applyNetOps(lab.engine.host, ops, 'step');

async function nsLinks(lab: LabContext, n: NetworkNames): Promise<NetLink[] | undefined> {
  if (!(await listNetns()).includes(n.netns)) return undefined;
  const view = await observeNetwork(lab.engine.host, n.netns);
  return view.error ? undefined : view.links;
}

/** A link as the kernel shows it (name, UP/DOWN, IPv4 addresses); "no address" is ours, so it is said in both languages. */
const describe = (l: NetLink): Said => {
  const head = `${l.name} ${l.up ? 'UP' : 'DOWN'}`;
  const v4 = l.addresses.filter((a) => !a.includes(':'));
  return v4.length ? `${head} ${v4.join(' ')}` : say(`${head} no address`, `${head} 没有地址`);
};
const describeAll = (links: NetLink[]) => say(links.map((l) => en(describe(l))).join(', '), links.map((l) => zh(describe(l))).join('，'));

/** Runs `check` only when the sandbox and its netns exist; the first thing every step needs. */
async function withNetns(lab: LabContext, check: (links: NetLink[], n: NetworkNames) => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  const n = await findNetworkSandbox(lab.engine, NAME);
  if (!n) return fail(say(`no sandbox ${NAME} (tslab ps -a does not show it)`, `没有沙箱 ${NAME}（tslab ps -a 里看不到它）`));
  const links = await nsLinks(lab, n);
  return links ? check(links, n) : fail(say(`no netns ${n.netns} (ip netns list does not show it)`, `没有网络命名空间 ${n.netns}（ip netns list 里看不到它）`));
}

async function pingResult(lab: LabContext, args: string[]): Promise<{ ok: boolean; text: Said }> {
  const result = await probe(lab, 'ip', args);
  const text = `${result.stdout}\n${result.stderr}`;
  return { ok: result.exitCode === 0, text: /unreachable/i.test(text) ? 'Network is unreachable' : result.exitCode === 0 ? say('reply', '有回复') : '100% packet loss' };
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
          const seen = describeAll(links);
          return links.length >= 1 && links.some((l) => l.name === 'lo')
            ? pass(say(`${n.netns} exists; its links: ${en(seen)}`, `${n.netns} 已存在；它的网卡：${zh(seen)}`))
            : fail(say(`${n.netns} exists but has: ${en(seen) || 'nothing'}`, `${n.netns} 已存在，但里面有：${zh(seen) || '什么都没有'}`));
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
          if (lo?.up) return fail(say(`lo is already UP in ${n.netns}; ping 127.0.0.1: ${en(ping.text)}`, `${n.netns} 里的 lo 已经是 UP；ping 127.0.0.1：${zh(ping.text)}`));
          return ping.ok ? fail(say('ping 127.0.0.1 got a reply', 'ping 127.0.0.1 收到了回复')) : pass(say(`lo DOWN, no address; ping 127.0.0.1: ${en(ping.text)}`, `lo DOWN，没有地址；ping 127.0.0.1：${zh(ping.text)}`));
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
          const seen = lo ? describe(lo) : say('no lo', '没有 lo');
          return lo?.up && lo.addresses.includes('127.0.0.1/8') && ping.ok
            ? pass(say(`${en(seen)}; ping 127.0.0.1: reply`, `${zh(seen)}；ping 127.0.0.1：有回复`))
            : fail(say(`${en(seen)}; ping 127.0.0.1: ${en(ping.text)}`, `${zh(seen)}；ping 127.0.0.1：${zh(ping.text)}`));
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
          if (!h) return fail(say(`no ${n.hostVeth} on the host`, `宿主机上没有 ${n.hostVeth}`));
          if (h.kind !== 'veth') return fail(say(`${n.hostVeth} is a ${h.kind ?? 'non-veth'} link, not a veth`, `${n.hostVeth} 是 ${h.kind ?? '非 veth'} 类型的网卡，不是 veth`));
          return pass(say(`${n.hostVeth}@${h.peer ?? '?'} is a veth, ${h.up ? 'UP' : 'DOWN'}`, `${n.hostVeth}@${h.peer ?? '?'} 是一块 veth，${h.up ? 'UP' : 'DOWN'}`));
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
          if (host.some((l) => l.name === n.peer)) return fail(say(`${n.peer} is still on the host`, `${n.peer} 还在宿主机上`));
          if (!inside) return fail(say(`${n.peer} is not in ${n.netns}`, `${n.peer} 不在 ${n.netns} 里`));
          const hostEnd = h ? `${n.hostVeth}@${h.peer ?? '?'} link-netns ${n.netns}` : undefined;
          const nsEnd = `${n.netns}: ${n.peer}@${inside.peer ?? '?'}`;
          return pass(say(`host: ${hostEnd ?? `no ${n.hostVeth}`}; ${nsEnd}`, `宿主机：${hostEnd ?? `没有 ${n.hostVeth}`}；${nsEnd.replace(': ', '：')}`));
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
          const hs = h ? describe(h) : say(`no ${n.hostVeth}`, `没有 ${n.hostVeth}`);
          const cs = c ? describe(c) : say(`no ${n.peer}`, `没有 ${n.peer}`);
          const seen = say(`host ${en(hs)}; ${n.netns} ${en(cs)}`, `宿主机 ${zh(hs)}；${n.netns} ${zh(cs)}`);
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
          const seen = say(
            `host -> ${ip(n.peerCidr)}: ${inbound ? 'reply' : 'no reply'}; ${n.netns} -> ${ip(n.hostCidr)}: ${out.ok ? 'reply' : en(out.text)}`,
            `宿主机 -> ${ip(n.peerCidr)}：${inbound ? '有回复' : '没有回复'}；${n.netns} -> ${ip(n.hostCidr)}：${out.ok ? '有回复' : zh(out.text)}`,
          );
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
          const seen = describeAll(links);
          const line = say(`${n.netns}: ${en(seen)}`, `${n.netns}：${zh(seen)}`);
          return lo?.up && c?.addresses.includes(n.peerCidr) ? pass(line) : fail(line);
        }),
    },
  ],
  async reset(lab) {
    await removeSandbox(lab.engine, NAME);
  },
};

export default lesson;
