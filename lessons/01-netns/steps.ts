/** Lesson 1: a network namespace, its loopback, a veth pair and pings both ways. */
import { listNetns, addAddress, createNetns, createVethPair, deleteLink, deleteNetns, moveLinkToNetns, setLinkUp } from '../../src/engine/network/links.js';
import { observeNetwork, type NetLink } from '../../src/engine/observe/network.js';
import { fail, pass, probe, show } from '../../src/lab/host-steps.js';
import type { CheckResult, LessonSteps } from '../../src/lab/types.js';

const NS = 'tslab-lesson1';
const HOST_END = 'tsl-l1h';
const NS_END = 'tsl-l1c';
const HOST_IP = '10.200.1.1';
const NS_IP = '10.200.1.2';

const pingArgs = (target: string) => ['-c', '1', '-W', '1', target];
const pingInside = (target: string) => ['netns', 'exec', NS, 'busybox', 'ping', ...pingArgs(target)];

async function nsLinks(): Promise<NetLink[] | undefined> {
  if (!(await listNetns()).includes(NS)) return undefined;
  const view = await observeNetwork(NS);
  return view.error ? undefined : view.links;
}

const describe = (l: NetLink) => `${l.name} ${l.up ? 'UP' : 'DOWN'}${l.addresses.length ? ` ${l.addresses.filter((a) => !a.includes(':')).join(' ')}` : ' no address'}`;

/** Runs `check` only when the netns exists; the first thing every step needs. */
async function withNetns(check: (links: NetLink[]) => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  const links = await nsLinks();
  return links ? check(links) : fail(`no netns ${NS} (ip netns list does not show it)`);
}

async function pingResult(args: string[]): Promise<{ ok: boolean; text: string }> {
  const result = await probe('ip', args);
  const text = `${result.stdout}\n${result.stderr}`;
  return { ok: result.exitCode === 0, text: /unreachable/i.test(text) ? 'Network is unreachable' : result.exitCode === 0 ? 'reply' : '100% packet loss' };
}

const lesson: LessonSteps = {
  id: '01-netns',
  target: { netns: NS },
  names: {
    NETNS: async () => NS,
    VETH_HOST: async () => HOST_END,
    VETH_NS: async () => NS_END,
  },
  steps: [
    {
      id: 'create-netns',
      panels: ['net', 'ns'],
      async run(lab) {
        await createNetns(NS);
        await show(lab, 'ip', ['netns', 'list']);
        await show(lab, 'ip', ['netns', 'exec', NS, 'ip', 'link']);
      },
      check: () =>
        withNetns((links) => {
          const seen = links.map(describe).join(', ');
          return links.length >= 1 && links.some((l) => l.name === 'lo') ? pass(`${NS} exists; its links: ${seen}`) : fail(`${NS} exists but has: ${seen || 'nothing'}`);
        }),
    },
    {
      id: 'ping-lo-down',
      panels: ['net'],
      shell: 'inside',
      async run(lab) {
        await show(lab, 'ip', pingInside('127.0.0.1'));
      },
      check: () =>
        withNetns(async (links) => {
          const lo = links.find((l) => l.name === 'lo');
          const ping = await pingResult(pingInside('127.0.0.1'));
          if (lo?.up) return fail(`lo is already UP in ${NS}; ping 127.0.0.1: ${ping.text}`);
          return ping.ok ? fail('ping 127.0.0.1 got a reply') : pass(`lo DOWN, no address; ping 127.0.0.1: ${ping.text}`);
        }),
    },
    {
      id: 'bring-lo-up',
      panels: ['net'],
      shell: 'inside',
      async run(lab) {
        await setLinkUp('lo', NS);
        await show(lab, 'ip', ['netns', 'exec', NS, 'ip', 'addr', 'show', 'lo']);
        await show(lab, 'ip', pingInside('127.0.0.1'));
      },
      check: () =>
        withNetns(async (links) => {
          const lo = links.find((l) => l.name === 'lo');
          const ping = await pingResult(pingInside('127.0.0.1'));
          const seen = lo ? describe(lo) : 'no lo';
          return lo?.up && lo.addresses.includes('127.0.0.1/8') && ping.ok ? pass(`${seen}; ping 127.0.0.1: reply`) : fail(`${seen}; ping 127.0.0.1: ${ping.text}`);
        }),
    },
    {
      id: 'create-veth',
      panels: ['net'],
      async run(lab) {
        await createVethPair(HOST_END, NS_END);
        await show(lab, 'ip', ['link', 'show', 'type', 'veth']);
      },
      async check() {
        const host = (await observeNetwork()).links;
        const h = host.find((l) => l.name === HOST_END);
        if (!h) return fail(`no ${HOST_END} on the host`);
        if (h.kind !== 'veth') return fail(`${HOST_END} is a ${h.kind ?? 'non-veth'} link, not a veth`);
        return pass(`${HOST_END}@${h.peer ?? '?'} is a veth, ${h.up ? 'UP' : 'DOWN'}`);
      },
    },
    {
      id: 'move-veth',
      panels: ['net'],
      // A challenge: the learner moves the end in a host shell; this is the reference solution.
      async solve(lab) {
        await moveLinkToNetns(NS_END, NS);
        await show(lab, 'ip', ['link', 'show', 'type', 'veth']);
        await show(lab, 'ip', ['netns', 'exec', NS, 'ip', 'link']);
      },
      check: () =>
        withNetns(async (links) => {
          const host = (await observeNetwork()).links;
          const inside = links.find((l) => l.name === NS_END);
          const h = host.find((l) => l.name === HOST_END);
          if (host.some((l) => l.name === NS_END)) return fail(`${NS_END} is still on the host`);
          if (!inside) return fail(`${NS_END} is not in ${NS}`);
          return pass(`host: ${h ? `${HOST_END}@${h.peer ?? '?'} link-netns ${NS}` : `no ${HOST_END}`}; ${NS}: ${NS_END}@${inside.peer ?? '?'}`);
        }),
    },
    {
      id: 'address-veth',
      panels: ['net'],
      async run(lab) {
        await addAddress(HOST_END, `${HOST_IP}/24`);
        await setLinkUp(HOST_END);
        await addAddress(NS_END, `${NS_IP}/24`, NS);
        await setLinkUp(NS_END, NS);
        await show(lab, 'ip', ['netns', 'exec', NS, 'ip', 'route']);
      },
      check: () =>
        withNetns(async (links) => {
          const h = (await observeNetwork()).links.find((l) => l.name === HOST_END);
          const c = links.find((l) => l.name === NS_END);
          const seen = `host ${h ? describe(h) : `no ${HOST_END}`}; ${NS} ${c ? describe(c) : `no ${NS_END}`}`;
          const ok = h?.up && c?.up && h.addresses.includes(`${HOST_IP}/24`) && c.addresses.includes(`${NS_IP}/24`);
          return ok ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'ping-both-ways',
      panels: ['net'],
      async run(lab) {
        await show(lab, 'busybox', ['ping', ...pingArgs(NS_IP)]);
        await show(lab, 'ip', pingInside(HOST_IP));
      },
      check: () =>
        withNetns(async () => {
          const out = await pingResult(['netns', 'exec', NS, 'busybox', 'ping', ...pingArgs(HOST_IP)]);
          const inbound = (await probe('busybox', ['ping', ...pingArgs(NS_IP)])).exitCode === 0;
          const seen = `host -> ${NS_IP}: ${inbound ? 'reply' : 'no reply'}; ${NS} -> ${HOST_IP}: ${out.ok ? 'reply' : out.text}`;
          return inbound && out.ok ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'recap',
      panels: ['net', 'ns'],
      async run(lab) {
        await show(lab, 'ip', ['netns', 'list']);
        await show(lab, 'ip', ['-n', NS, '-br', 'addr']);
      },
      check: () =>
        withNetns((links) => {
          const lo = links.find((l) => l.name === 'lo');
          const c = links.find((l) => l.name === NS_END);
          const seen = links.map(describe).join(', ');
          return lo?.up && c?.addresses.includes(`${NS_IP}/24`) ? pass(`${NS}: ${seen}`) : fail(`${NS}: ${seen}`);
        }),
    },
  ],
  async reset() {
    await deleteNetns(NS);
    // The netns took tsl-l1c with it; its peer follows a moment later. Remove both ends if still here.
    await deleteLink(HOST_END);
    await deleteLink(NS_END);
  },
};

export default lesson;
