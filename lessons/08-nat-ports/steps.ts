/** Lesson 8: -p as NAT: ip_forward, the DNAT rule in tslab's chain and its counter, MASQUERADE, a DNAT rule by hand, the conntrack entry. */
import { networkDefaults } from '../../src/engine/network/config.js';
import { chainNames } from '../../src/engine/network/iptables.js';
import type { NetworkState } from '../../src/engine/network/types.js';
import { fail, pass, probe, show } from '../../src/lab/host-steps.js';
import { LessonError, REPLAY_HINT, say } from '../../src/lab/said.js';
import { findSandbox, removeSandbox, startSandbox } from '../../src/lab/sandbox.js';
import type { LabContext, LessonSteps } from '../../src/lab/types.js';

const WEB = 'lesson-08web';
const CONNTRACK = '/proc/net/nf_conntrack';
/** Host ports are shared by every tslab on the host: derive them from this tslab's bridge so two labs do not take the same one. */
function port(): number {
  let sum = 0;
  for (const ch of networkDefaults().bridge) sum = (sum * 31 + ch.charCodeAt(0)) % 997;
  return 18000 + sum;
}
const port2 = () => port() + 1000;
const chains = () => chainNames(networkDefaults().chainPrefix);
const notOnBridge = say(`the sandbox ${WEB} is not running on a bridge`, `沙箱 ${WEB} 没有在网桥上运行`);

type Web = NetworkState & { ip: string; gateway: string; id: string };

async function web(lab: LabContext): Promise<Web | undefined> {
  const state = await findSandbox(lab.engine, WEB);
  const net = state?.network;
  return state && net?.ip && net.gateway ? ({ ...net, id: state.id } as Web) : undefined;
}

async function requireWeb(lab: LabContext): Promise<Web> {
  const w = await web(lab);
  if (!w) throw new LessonError('E_NO_SANDBOX', notOnBridge, REPLAY_HINT);
  return w;
}

/** The packet counter of the DNAT rule for a host port to the web sandbox, or undefined when there is no such rule. */
async function dnatCount(lab: LabContext, w: Web, hostPort: number): Promise<number | undefined> {
  const rows = (await probe(lab, 'iptables', ['-w', '-t', 'nat', '-L', chains().dnat, '-v', '-x', '-n'])).stdout.split('\n');
  const row = rows.find((r) => /\bDNAT\b/.test(r) && r.includes(`dpt:${hostPort} `) && r.includes(`to:${w.ip}:80`));
  return row === undefined ? undefined : Number(row.trim().split(/\s+/)[0]);
}

const fetchArgs = (hostPort: number) => ['wget', '-q', '-O', '-', `http://127.0.0.1:${hostPort}/`];

const lesson: LessonSteps = {
  id: '08-nat-ports',
  target: { container: WEB },
  names: {
    WEB: async () => WEB,
    CID: async (lab) => (await web(lab))?.id,
    IP: async (lab) => (await web(lab))?.ip,
    GATEWAY: async (lab) => (await web(lab))?.gateway,
    BRIDGE: async () => networkDefaults().bridge,
    SUBNET: async () => networkDefaults().subnet,
    PORT: async () => String(port()),
    PORT2: async () => String(port2()),
    DNAT_CHAIN: async () => chains().dnat,
    POST_CHAIN: async () => chains().post,
  },
  steps: [
    {
      id: 'publish',
      panels: ['nat'],
      reveals: ['nat'],
      async run(lab) {
        await startSandbox(lab, WEB, { cgroup: true, net: 'bridge', publish: [`${port()}:80`], command: ['httpd', '-f', '-p', '80', '-h', '/www'] });
        await show(lab, 'cat', ['/proc/sys/net/ipv4/ip_forward']);
        await show(lab, 'iptables', ['-t', 'nat', '-S', chains().dnat]);
        await show(lab, 'iptables', ['-t', 'nat', '-S', chains().post]);
      },
      async check(lab) {
        const w = await web(lab);
        if (!w) return fail(notOnBridge);
        const forward = (await probe(lab, 'cat', ['/proc/sys/net/ipv4/ip_forward'])).stdout.trim();
        const count = await dnatCount(lab, w, port());
        const seen = say(
          `ip_forward=${forward}; ${count === undefined ? 'no' : 'a'} DNAT rule ${port()} -> ${w.ip}:80 in ${chains().dnat}`,
          `ip_forward=${forward}；${chains().dnat} 里${count === undefined ? '没有' : '有一条'} DNAT 规则 ${port()} -> ${w.ip}:80`,
        );
        return forward === '1' && count !== undefined ? pass(seen) : fail(seen);
      },
    },
    {
      id: 'from-host',
      panels: ['nat'],
      reveals: ['nat'],
      async run(lab) {
        await requireWeb(lab);
        await show(lab, 'busybox', fetchArgs(port()));
        await show(lab, 'iptables', ['-t', 'nat', '-L', chains().dnat, '-v', '-n']);
      },
      async check(lab) {
        const w = await web(lab);
        if (!w) return fail(notOnBridge);
        const count = (await dnatCount(lab, w, port())) ?? 0;
        const seen = say(`the DNAT rule for port ${port()} counted ${count} packet(s)`, `端口 ${port()} 的 DNAT 规则计了 ${count} 个包`);
        return count > 0 ? pass(seen) : fail(seen);
      },
    },
    {
      id: 'second-port',
      panels: ['nat'],
      // A challenge: the learner adds the DNAT rule in a host shell; this is the reference solution.
      async solve(lab) {
        const w = await requireWeb(lab);
        await show(lab, 'iptables', ['-t', 'nat', '-A', chains().dnat, '-p', 'tcp', '-m', 'tcp', '--dport', String(port2()), '-m', 'comment', '--comment', `tslab:${w.id}`, '-j', 'DNAT', '--to-destination', `${w.ip}:80`]);
      },
      async check(lab) {
        const w = await web(lab);
        if (!w) return fail(notOnBridge);
        const count = await dnatCount(lab, w, port2());
        return count === undefined
          ? fail(say(`no DNAT rule for port ${port2()} -> ${w.ip}:80 in ${chains().dnat}`, `${chains().dnat} 里没有端口 ${port2()} -> ${w.ip}:80 的 DNAT 规则`))
          : pass(say(`a DNAT rule ${port2()} -> ${w.ip}:80, ${count} packet(s) so far`, `有一条 DNAT 规则 ${port2()} -> ${w.ip}:80，到目前计了 ${count} 个包`));
      },
    },
    {
      id: 'conntrack',
      panels: ['nat'],
      async run(lab) {
        await requireWeb(lab);
        await show(lab, 'busybox', fetchArgs(port2()));
        await show(lab, 'grep', [`dport=${port2()} `, CONNTRACK]);
      },
      async check(lab) {
        const w = await web(lab);
        if (!w) return fail(notOnBridge);
        const entries = (await probe(lab, 'grep', [`dport=${port2()} `, CONNTRACK])).stdout.split('\n');
        const entry = entries.find((e) => e.includes(`src=${w.ip} dst=${w.gateway} sport=80 `));
        // An entry lingers two minutes in TIME_WAIT: the rule's own counter says this rule made it.
        const count = (await dnatCount(lab, w, port2())) ?? 0;
        const line = entry?.trim().replace(/\s+/g, ' ');
        return line && count > 0
          ? pass(say(`conntrack: ${line}`, `连接跟踪条目：${line}`))
          : fail(say(`no connection to 127.0.0.1:${port2()} answered by ${w.ip} in ${CONNTRACK}`, `${CONNTRACK} 里没有连到 127.0.0.1:${port2()}、由 ${w.ip} 应答的连接`));
      },
    },
    {
      id: 'recap',
      panels: ['nat'],
      async run(lab) {
        await requireWeb(lab);
        await show(lab, 'iptables', ['-t', 'nat', '-L', chains().dnat, '-v', '-n']);
      },
      async check(lab) {
        const w = await web(lab);
        if (!w) return fail(notOnBridge);
        const [one, two] = [await dnatCount(lab, w, port()), await dnatCount(lab, w, port2())];
        const seen = say(
          `DNAT ${port()}: ${one ?? 'none'} packet(s); ${port2()}: ${two ?? 'none'}`,
          `DNAT ${port()}：${one === undefined ? '没有规则' : `${one} 个包`}；${port2()}：${two === undefined ? '没有规则' : `${two} 个包`}`,
        );
        return (one ?? 0) > 0 && (two ?? 0) > 0 ? pass(seen) : fail(seen);
      },
    },
  ],
  async reset(lab) {
    await removeSandbox(lab.engine, WEB);
  },
};

export default lesson;
