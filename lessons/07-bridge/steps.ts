/** Lesson 7: the bridge as docker0: two sandboxes on one bridge, ports, fdb, ARP, the gateway; a second network that cannot reach the first. */
import { createNetwork, readNetwork, removeNetwork } from '../../src/engine/network/networks.js';
import { networkDefaults } from '../../src/engine/network/config.js';
import type { NetworkState } from '../../src/engine/network/types.js';
import { fail, pass, probe, show } from '../../src/lab/host-steps.js';
import { LessonError, REPLAY_HINT, say } from '../../src/lab/said.js';
import { execIn, findSandbox, removeSandbox, startSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const A = 'lesson-07a';
const B = 'lesson-07b';
const C = 'lesson-07c';
const notOnBridge = (name: string) => say(`the sandbox ${name} is not running on a bridge`, `沙箱 ${name} 没有在网桥上运行`);
const SLEEP = ['sleep', '86400'];
/** The second network, named after this tslab's default bridge so two tslabs on one host never share it. */
const secondNetwork = () => `l7-${networkDefaults().bridge}`;

type Attached = NetworkState & { ip: string; netns: string; hostVeth: string; bridge: string; mac: string };

/** A running sandbox's bridge attachment, or undefined. */
async function attached(lab: LabContext, name: string): Promise<Attached | undefined> {
  const net = (await findSandbox(lab.engine, name))?.network;
  return net?.ip && net.netns && net.hostVeth && net.bridge && net.mac ? (net as Attached) : undefined;
}

async function requireAttached(lab: LabContext, name: string): Promise<Attached> {
  const net = await attached(lab, name);
  if (!net) throw new LessonError('E_NO_SANDBOX', notOnBridge(name), REPLAY_HINT);
  return net;
}

/** The bridge a host link is a port of (`master`), or undefined. */
async function masterOf(lab: LabContext, link: string): Promise<string | undefined> {
  const out = (await probe(lab, 'ip', ['-j', 'link', 'show', 'dev', link])).stdout;
  try {
    return (JSON.parse(out || '[]') as Array<{ master?: string }>)[0]?.master;
  } catch {
    return undefined;
  }
}

/** One ping from inside `from`'s netns (a namespace this lesson made) to `ip`: true on a reply. */
async function pings(lab: LabContext, from: Attached, ip: string): Promise<boolean> {
  return (await probe(lab, 'ip', ['netns', 'exec', from.netns, 'busybox', 'ping', '-c', '1', '-W', '1', ip])).exitCode === 0;
}

const pingIn = (lab: LabContext, name: string, ip: string) => execIn(lab, name, ['ping', '-c', '1', '-W', '1', ip]);

async function withBoth(lab: LabContext, check: (a: Attached, b: Attached) => Promise<CheckResult> | CheckResult): Promise<CheckResult> {
  const [a, b] = await Promise.all([attached(lab, A), attached(lab, B)]);
  if (!a) return fail(notOnBridge(A));
  if (!b) return fail(notOnBridge(B));
  return check(a, b);
}

/** The packets the DROP rule between tslab networks has counted, for traffic leaving this bridge. */
async function dropped(lab: LabContext, bridge: string): Promise<number> {
  const rows = (await probe(lab, 'iptables', ['-w', '-L', `${networkDefaults().chainPrefix}-FWD`, '-v', '-x', '-n'])).stdout.split('\n');
  const row = rows.find((r) => /\bDROP\b/.test(r) && r.split(/\s+/).includes(bridge));
  return Number(row?.trim().split(/\s+/)[0] ?? 0);
}

const lesson: LessonSteps = {
  id: '07-bridge',
  target: { container: A },
  names: {
    SANDBOX_A: async () => A,
    SANDBOX_B: async () => B,
    SANDBOX_C: async () => C,
    BRIDGE: async () => networkDefaults().bridge,
    NETWORK2: async () => secondNetwork(),
    BRIDGE2: async (lab) => (await readNetwork(lab.engine.paths, secondNetwork()))?.bridge,
    FWD_CHAIN: async () => `${networkDefaults().chainPrefix}-FWD`,
    GATEWAY: async (lab) => (await attached(lab, A))?.gateway,
    NETNS_A: async (lab) => (await attached(lab, A))?.netns,
    VETH_A: async (lab) => (await attached(lab, A))?.hostVeth,
    VETH_B: async (lab) => (await attached(lab, B))?.hostVeth,
    IP_A: async (lab) => (await attached(lab, A))?.ip,
    IP_B: async (lab) => (await attached(lab, B))?.ip,
    IP_C: async (lab) => (await attached(lab, C))?.ip,
    MAC_B: async (lab) => (await attached(lab, B))?.mac,
  },
  steps: [
    {
      id: 'first-sandbox',
      panels: ['net'],
      async run(lab) {
        await startSandbox(lab, A, { cgroup: true, net: 'bridge', command: SLEEP });
        const net = await requireAttached(lab, A);
        await show(lab, 'ip', ['-br', 'addr', 'show', 'dev', net.bridge]);
        await show(lab, 'ip', ['-br', 'link', 'show', 'master', net.bridge]);
        await execIn(lab, A, ['ip', 'addr', 'show', 'eth0']);
      },
      async check(lab) {
        const a = await attached(lab, A);
        if (!a) return fail(notOnBridge(A));
        const master = await masterOf(lab, a.hostVeth);
        const seen = say(
          `${A} ${a.ip}; host end ${a.hostVeth} ${master ? `is a port of ${master}` : 'is on no bridge'}`,
          `${A} ${a.ip}；宿主机这一端 ${a.hostVeth} ${master ? `是 ${master} 的端口` : '不在任何网桥上'}`,
        );
        return master === a.bridge ? pass(seen) : fail(seen);
      },
    },
    {
      id: 'second-sandbox',
      panels: ['net'],
      async run(lab) {
        await startSandbox(lab, B, { cgroup: true, net: 'bridge', command: SLEEP });
        const b = await requireAttached(lab, B);
        await show(lab, 'ip', ['-br', 'link', 'show', 'master', b.bridge]);
        await execIn(lab, B, ['ip', 'route']);
      },
      check: (lab) =>
        withBoth(lab, async (a, b) => {
          const master = await masterOf(lab, b.hostVeth);
          const route = (await probe(lab, 'ip', ['-n', b.netns, 'route', 'show', 'default'])).stdout.trim();
          const seen = say(
            `${B} ${b.ip}, port ${b.hostVeth} of ${master ?? 'no bridge'}; default route: ${route || 'none'}`,
            `${B} ${b.ip}，${master ? `${master} 的端口 ${b.hostVeth}` : `${b.hostVeth} 不在任何网桥上`}；默认路由：${route || '没有'}`,
          );
          return master === a.bridge && route.includes(`via ${b.gateway}`) ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'ping-neighbour',
      panels: ['net'],
      async run(lab) {
        const b = await requireAttached(lab, B);
        await pingIn(lab, A, b.ip);
        await execIn(lab, A, ['ip', 'neigh']);
        await show(lab, 'bridge', ['fdb', 'show', 'br', b.bridge, 'dynamic']);
      },
      check: (lab) =>
        withBoth(lab, async (a, b) => {
          const neigh = (await probe(lab, 'ip', ['-n', a.netns, 'neigh', 'show', b.ip])).stdout.trim();
          const fdb = (await probe(lab, 'bridge', ['fdb', 'show', 'br', a.bridge, 'dynamic'])).stdout;
          const learned = fdb.split('\n').some((l) => l.startsWith(b.mac) && l.includes(`dev ${b.hostVeth}`));
          const seen = say(
            `${A}'s neighbour table: ${neigh || 'nothing for ' + b.ip}; fdb ${learned ? `has ${b.mac} on ${b.hostVeth}` : `has not learned ${b.mac}`}`,
            `${A} 的邻居表：${neigh || `没有 ${b.ip} 的条目`}；转发数据库（fdb）${learned ? `记着 ${b.mac} 在 ${b.hostVeth} 上` : `还没学到 ${b.mac}`}`,
          );
          return neigh.includes(`lladdr ${b.mac}`) && learned ? pass(seen) : fail(seen);
        }),
    },
    {
      id: 'unplug',
      panels: ['net'],
      // A challenge: the learner takes B's port off the bridge in a host shell; this is the reference solution.
      async solve(lab) {
        const b = await requireAttached(lab, B);
        await show(lab, 'ip', ['link', 'set', b.hostVeth, 'nomaster']);
        await pingIn(lab, A, b.ip);
      },
      check: (lab) =>
        withBoth(lab, async (_a, b) => {
          const master = await masterOf(lab, b.hostVeth);
          return master
            ? fail(say(`${b.hostVeth} is still a port of ${master}`, `${b.hostVeth} 还是 ${master} 的端口`))
            : pass(say(`${b.hostVeth} is on no bridge: ${B} is unplugged`, `${b.hostVeth} 不在任何网桥上：${B} 的网线拔掉了`));
        }),
    },
    {
      id: 'replug',
      panels: ['net'],
      async run(lab) {
        const b = await requireAttached(lab, B);
        await show(lab, 'ip', ['link', 'set', b.hostVeth, 'master', b.bridge]);
        await show(lab, 'ip', ['-br', 'link', 'show', 'master', b.bridge]);
        await pingIn(lab, A, b.ip);
      },
      check: (lab) =>
        withBoth(lab, async (a, b) => {
          const master = await masterOf(lab, b.hostVeth);
          const ok = master === a.bridge && (await pings(lab, a, b.ip));
          return ok
            ? pass(say(`${b.hostVeth} is a port of ${master} again; ${A} -> ${b.ip}: reply`, `${b.hostVeth} 又是 ${master} 的端口了；${A} -> ${b.ip}：有回复`))
            : fail(say(`${b.hostVeth} on ${master ?? 'no bridge'}; ${A} -> ${b.ip}: no reply`, `${b.hostVeth} ${master ? `在 ${master} 上` : '不在任何网桥上'}；${A} -> ${b.ip}：没有回复`));
        }),
    },
    {
      id: 'second-network',
      panels: ['net'],
      async run(lab) {
        const name = secondNetwork();
        // Ephemeral: an engine record that gc removes once no container uses it, like the default network.
        if (!(await readNetwork(lab.engine.paths, name))) await createNetwork(lab.engine, { name, ephemeral: true });
        await startSandbox(lab, C, { cgroup: true, net: name, command: SLEEP });
        const c = await requireAttached(lab, C);
        await show(lab, 'ip', ['-br', 'addr', 'show', 'dev', c.bridge]);
        await pingIn(lab, A, c.ip);
        await show(lab, 'iptables', ['-w', '-L', `${networkDefaults().chainPrefix}-FWD`, '-v', '-n']);
      },
      async check(lab) {
        const [a, c] = await Promise.all([attached(lab, A), attached(lab, C)]);
        if (!a || !c) return fail(notOnBridge(!a ? A : C));
        if (c.bridge === a.bridge) return fail(say(`${C} is on ${a.bridge} too, not on a second network`, `${C} 也在 ${a.bridge} 上，不在第二个网络上`));
        const count = await dropped(lab, a.bridge);
        const seen = say(
          `${C} ${c.ip} on ${c.bridge}; the DROP from ${a.bridge} to other tslab bridges counted ${count} packet(s)`,
          `${C} ${c.ip} 在 ${c.bridge} 上；从 ${a.bridge} 到其他 tslab 网桥的 DROP 规则计数：${count} 个包`,
        );
        return count > 0 ? pass(seen) : fail(seen);
      },
    },
    {
      id: 'recap',
      panels: ['net'],
      async run(lab) {
        const a = await requireAttached(lab, A);
        await show(lab, 'ip', ['-br', 'link', 'show', 'master', a.bridge]);
        await show(lab, 'ip', ['-n', a.netns, 'route']);
      },
      check: (lab) =>
        withBoth(lab, async (a, b) => {
          const c = await attached(lab, C);
          const reply = await pings(lab, a, b.ip);
          const seen = say(
            `${A} -> ${B} over ${a.bridge}: ${reply ? 'reply' : 'no reply'}; ${C}: ${c ? `on ${c.bridge}` : 'not running'}`,
            `${A} -> ${B}（经 ${a.bridge}）：${reply ? '有回复' : '没有回复'}；${C}：${c ? `在 ${c.bridge} 上` : '没有在运行'}`,
          );
          return reply && c !== undefined && c.bridge !== a.bridge ? pass(seen) : fail(seen);
        }),
    },
  ],
  async reset(lab) {
    await Promise.all([A, B, C].map((name) => removeSandbox(lab.engine, name)));
    if (await readNetwork(lab.engine.paths, secondNetwork())) await removeNetwork(lab.engine, secondNetwork());
  },
};

export default lesson;
