/** Lesson 7: the bridge as docker0: two sandboxes on one bridge, ports, fdb, ARP, the gateway; a second network that cannot reach the first. */
import { createNetwork, readNetwork, removeNetwork } from '../../src/engine/network/networks.js';
import { networkDefaults } from '../../src/engine/network/config.js';
import type { NetworkState } from '../../src/engine/network/types.js';
import { TslabError } from '../../src/engine/errors.js';
import { fail, pass, probe, show } from '../../src/lab/host-steps.js';
import { execIn, findSandbox, removeSandbox, startSandbox } from '../../src/lab/sandbox.js';
import type { CheckResult, LabContext, LessonSteps } from '../../src/lab/types.js';

const A = 'lesson-07a';
const B = 'lesson-07b';
const C = 'lesson-07c';
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
  if (!net) throw new TslabError('E_NO_SANDBOX', `the sandbox ${name} is not running on a bridge`, { hint: 'run the lesson from its first step (r resets it), or press n to replay' });
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
  if (!a) return fail(`the sandbox ${A} is not running on a bridge`);
  if (!b) return fail(`the sandbox ${B} is not running on a bridge`);
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
        if (!a) return fail(`the sandbox ${A} is not running on a bridge`);
        const master = await masterOf(lab, a.hostVeth);
        const seen = `${A} ${a.ip}; host end ${a.hostVeth} ${master ? `is a port of ${master}` : 'is on no bridge'}`;
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
          const seen = `${B} ${b.ip}, port ${b.hostVeth} of ${master ?? 'no bridge'}; default route: ${route || 'none'}`;
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
          const seen = `${A}'s neighbour table: ${neigh || 'nothing for ' + b.ip}; fdb ${learned ? `has ${b.mac} on ${b.hostVeth}` : `has not learned ${b.mac}`}`;
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
          return master ? fail(`${b.hostVeth} is still a port of ${master}`) : pass(`${b.hostVeth} is on no bridge: ${B} is unplugged`);
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
          return ok ? pass(`${b.hostVeth} is a port of ${master} again; ${A} -> ${b.ip}: reply`) : fail(`${b.hostVeth} on ${master ?? 'no bridge'}; ${A} -> ${b.ip}: no reply`);
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
        if (!a || !c) return fail(`${!a ? A : C} is not running on a bridge`);
        if (c.bridge === a.bridge) return fail(`${C} is on ${a.bridge} too, not on a second network`);
        const count = await dropped(lab, a.bridge);
        const seen = `${C} ${c.ip} on ${c.bridge}; the DROP from ${a.bridge} to other tslab bridges counted ${count} packet(s)`;
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
          const seen = `${A} -> ${B} over ${a.bridge}: ${reply ? 'reply' : 'no reply'}; ${C}: ${c ? `on ${c.bridge}` : 'not running'}`;
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
