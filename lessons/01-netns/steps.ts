/** Lesson 1: a network namespace, its loopback, a veth pair and pings both ways. */
import { listNetns, addAddress, createNetns, createVethPair, deleteLink, deleteNetns, moveLinkToNetns, setLinkUp } from '../../src/engine/network/links.js';
import { observeNetwork, type NetLink } from '../../src/engine/observe/network.js';
import { fail, pass, probe, show } from '../../src/lab/host-steps.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const NS = 'tslab-lesson1';
const HOST_END = 'tsl-l1h';
const NS_END = 'tsl-l1c';
const HOST_IP = '10.200.1.1';
const NS_IP = '10.200.1.2';

const pingArgs = (target: string) => ['-c', '1', '-W', '1', target];
const pingInside = (target: string) => ['netns', 'exec', NS, 'busybox', 'ping', ...pingArgs(target)];

async function nsLinks(lab: LabContext): Promise<NetLink[] | undefined> {
  if (!(await listNetns()).includes(NS)) return undefined;
  const view = await observeNetwork(lab.engine.host, NS);
  return view.error ? undefined : view.links;
}

const describe = (l: NetLink) => `${l.name} ${l.up ? 'UP' : 'DOWN'}${l.addresses.length ? ` ${l.addresses.filter((a) => !a.includes(':')).join(' ')}` : ' no address'}`;

/** Runs `check` only when the netns exists; the first thing every step needs. */
async function withNetns(lab: LabContext, check: (links: NetLink[]) => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  const links = await nsLinks(lab);
  return links ? check(links) : fail(`no netns ${NS} (ip netns list does not show it)`);
}

async function pingResult(lab: LabContext, args: string[]): Promise<{ ok: boolean; text: string }> {
  const result = await probe(lab, 'ip', args);
  const text = `${result.stdout}\n${result.stderr}`;
  return { ok: result.exitCode === 0, text: /unreachable/i.test(text) ? 'Network is unreachable' : result.exitCode === 0 ? 'reply' : '100% packet loss' };
}

const lesson: LessonSteps = {
  id: '01-netns',
  target: { netns: NS },
  steps: [
    {
      id: 'create-netns',
      panels: ['net', 'ns'],
      async run(lab) {
        await createNetns(lab.engine.host, NS);
        await show(lab, 'ip', ['netns', 'list']);
        await show(lab, 'ip', ['netns', 'exec', NS, 'ip', 'link']);
      },
      check: (lab) =>
        withNetns(lab, (links) => {
          const seen = links.map(describe).join(', ');
          return links.length >= 1 && links.some((l) => l.name === 'lo') ? pass(`${NS} exists; its links: ${seen}`) : fail(`${NS} exists but has: ${seen || 'nothing'}`);
        }),
      hint: {
        en: `Create the namespace: ip netns add ${NS}`,
        'zh-CN': `创建命名空间：ip netns add ${NS}`,
      },
    },
    {
      id: 'ping-lo-down',
      panels: ['net'],
      async run(lab) {
        await show(lab, 'ip', pingInside('127.0.0.1'));
      },
      check: (lab) =>
        withNetns(lab, async (links) => {
          const lo = links.find((l) => l.name === 'lo');
          const ping = await pingResult(lab, pingInside('127.0.0.1'));
          if (lo?.up) return fail(`lo is already UP in ${NS}; ping 127.0.0.1: ${ping.text}`);
          return ping.ok ? fail('ping 127.0.0.1 got a reply') : pass(`lo DOWN, no address; ping 127.0.0.1: ${ping.text}`);
        }),
      hint: {
        en: `Ping loopback inside: ip netns exec ${NS} busybox ping -c 1 127.0.0.1 (it should fail; lo must still be DOWN)`,
        'zh-CN': `在命名空间里 ping 回环地址：ip netns exec ${NS} busybox ping -c 1 127.0.0.1（应当失败；lo 必须仍是 DOWN）`,
      },
    },
    {
      id: 'bring-lo-up',
      panels: ['net'],
      async run(lab) {
        await setLinkUp(lab.engine.host, 'lo', NS);
        await show(lab, 'ip', ['netns', 'exec', NS, 'ip', 'addr', 'show', 'lo']);
        await show(lab, 'ip', pingInside('127.0.0.1'));
      },
      check: (lab) =>
        withNetns(lab, async (links) => {
          const lo = links.find((l) => l.name === 'lo');
          const ping = await pingResult(lab, pingInside('127.0.0.1'));
          const seen = lo ? describe(lo) : 'no lo';
          return lo?.up && lo.addresses.includes('127.0.0.1/8') && ping.ok ? pass(`${seen}; ping 127.0.0.1: reply`) : fail(`${seen}; ping 127.0.0.1: ${ping.text}`);
        }),
      hint: {
        en: `Bring loopback up: ip netns exec ${NS} ip link set lo up`,
        'zh-CN': `启用回环网卡：ip netns exec ${NS} ip link set lo up`,
      },
    },
    {
      id: 'create-veth',
      panels: ['net'],
      async run(lab) {
        await createVethPair(lab.engine.host, HOST_END, NS_END);
        await show(lab, 'ip', ['link', 'show', 'type', 'veth']);
      },
      async check(lab) {
        const host = (await observeNetwork(lab.engine.host)).links;
        const h = host.find((l) => l.name === HOST_END);
        if (!h) return fail(`no ${HOST_END} on the host`);
        if (h.kind !== 'veth') return fail(`${HOST_END} is a ${h.kind ?? 'non-veth'} link, not a veth`);
        return pass(`${HOST_END}@${h.peer ?? '?'} is a veth, ${h.up ? 'UP' : 'DOWN'}`);
      },
      hint: {
        en: `Make the pair: ip link add ${HOST_END} type veth peer name ${NS_END}`,
        'zh-CN': `创建 veth 对：ip link add ${HOST_END} type veth peer name ${NS_END}`,
      },
    },
    {
      id: 'move-veth',
      panels: ['net'],
      async run(lab) {
        await moveLinkToNetns(lab.engine.host, NS_END, NS);
        await show(lab, 'ip', ['link', 'show', 'type', 'veth']);
        await show(lab, 'ip', ['netns', 'exec', NS, 'ip', 'link']);
      },
      check: (lab) =>
        withNetns(lab, async (links) => {
          const host = (await observeNetwork(lab.engine.host)).links;
          const inside = links.find((l) => l.name === NS_END);
          const h = host.find((l) => l.name === HOST_END);
          if (host.some((l) => l.name === NS_END)) return fail(`${NS_END} is still on the host`);
          if (!inside) return fail(`${NS_END} is not in ${NS}`);
          return pass(`host: ${h ? `${HOST_END}@${h.peer ?? '?'} link-netns ${NS}` : `no ${HOST_END}`}; ${NS}: ${NS_END}@${inside.peer ?? '?'}`);
        }),
      hint: {
        en: `Move one end in: ip link set ${NS_END} netns ${NS}`,
        'zh-CN': `把一端移进去：ip link set ${NS_END} netns ${NS}`,
      },
    },
    {
      id: 'address-veth',
      panels: ['net'],
      async run(lab) {
        await addAddress(lab.engine.host, HOST_END, `${HOST_IP}/24`);
        await setLinkUp(lab.engine.host, HOST_END);
        await addAddress(lab.engine.host, NS_END, `${NS_IP}/24`, NS);
        await setLinkUp(lab.engine.host, NS_END, NS);
        await show(lab, 'ip', ['netns', 'exec', NS, 'ip', 'route']);
      },
      check: (lab) =>
        withNetns(lab, async (links) => {
          const h = (await observeNetwork(lab.engine.host)).links.find((l) => l.name === HOST_END);
          const c = links.find((l) => l.name === NS_END);
          const seen = `host ${h ? describe(h) : `no ${HOST_END}`}; ${NS} ${c ? describe(c) : `no ${NS_END}`}`;
          const ok = h?.up && c?.up && h.addresses.includes(`${HOST_IP}/24`) && c.addresses.includes(`${NS_IP}/24`);
          return ok ? pass(seen) : fail(seen);
        }),
      hint: {
        en: `ip addr add ${HOST_IP}/24 dev ${HOST_END}; ip link set ${HOST_END} up; ip netns exec ${NS} ip addr add ${NS_IP}/24 dev ${NS_END}; ip netns exec ${NS} ip link set ${NS_END} up`,
        'zh-CN': `ip addr add ${HOST_IP}/24 dev ${HOST_END}；ip link set ${HOST_END} up；ip netns exec ${NS} ip addr add ${NS_IP}/24 dev ${NS_END}；ip netns exec ${NS} ip link set ${NS_END} up`,
      },
    },
    {
      id: 'ping-both-ways',
      panels: ['net'],
      async run(lab) {
        await show(lab, 'busybox', ['ping', ...pingArgs(NS_IP)]);
        await show(lab, 'ip', pingInside(HOST_IP));
      },
      check: (lab) =>
        withNetns(lab, async () => {
          const out = await pingResult(lab, ['netns', 'exec', NS, 'busybox', 'ping', ...pingArgs(HOST_IP)]);
          const inbound = (await probe(lab, 'busybox', ['ping', ...pingArgs(NS_IP)])).exitCode === 0;
          const seen = `host -> ${NS_IP}: ${inbound ? 'reply' : 'no reply'}; ${NS} -> ${HOST_IP}: ${out.ok ? 'reply' : out.text}`;
          return inbound && out.ok ? pass(seen) : fail(seen);
        }),
      hint: {
        en: `busybox ping -c 1 ${NS_IP}; ip netns exec ${NS} busybox ping -c 1 ${HOST_IP} (both ends need an address and must be UP)`,
        'zh-CN': `busybox ping -c 1 ${NS_IP}；ip netns exec ${NS} busybox ping -c 1 ${HOST_IP}（两端都要有地址并且是 UP）`,
      },
    },
    {
      id: 'recap',
      panels: ['net', 'ns'],
      async run(lab) {
        await show(lab, 'ip', ['netns', 'list']);
        await show(lab, 'ip', ['-n', NS, '-br', 'addr']);
      },
      check: (lab) =>
        withNetns(lab, (links) => {
          const lo = links.find((l) => l.name === 'lo');
          const c = links.find((l) => l.name === NS_END);
          const seen = links.map(describe).join(', ');
          return lo?.up && c?.addresses.includes(`${NS_IP}/24`) ? pass(`${NS}: ${seen}`) : fail(`${NS}: ${seen}`);
        }),
      hint: {
        en: 'The recap checks what the lesson built: the netns with lo UP and the addressed veth end. Press r to rebuild from the start.',
        'zh-CN': '小结检查这一课搭好的东西：命名空间里 lo 为 UP，veth 一端有地址。按 r 从头再来。',
      },
    },
  ],
  async reset(lab) {
    await deleteNetns(lab.engine.host, NS);
    // The netns took tsl-l1c with it; its peer follows a moment later. Remove both ends if still here.
    await deleteLink(lab.engine.host, HOST_END);
    await deleteLink(lab.engine.host, NS_END);
  },
};

export default lesson;
