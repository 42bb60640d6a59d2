/**
 * iptables, tslab's own chains only. Everything goes through
 * `iptables-restore --noflush` (one process per change, both tables in one
 * script): a built-in chain is never flushed, and only one jump rule per
 * built-in chain is added. Every rule in tslab's chains carries a comment
 * naming its owner (`tslab:<container id>` or `tslab-net:<network>`), so
 * teardown and gc can remove exactly what tslab added.
 *
 *   nat    PREROUTING  -m addrtype --dst-type LOCAL -j P-DNAT   published ports, from other hosts
 *          OUTPUT      -m addrtype --dst-type LOCAL -j P-DNAT   ... and from the host itself (127.0.0.1 too)
 *          POSTROUTING -j P-POST                                MASQUERADE out of a subnet, and of 127/8 into a bridge
 *   filter FORWARD 1   -j P-FWD                                 same network ok, other tslab networks dropped
 */
import type { Host } from '../host.js';
import type { PortSpec } from '../spec/types.js';

export type Table = 'nat' | 'filter';

export interface Chains {
  dnat: string;
  post: string;
  forward: string;
}

export function chainNames(prefix: string): Chains {
  return { dnat: `${prefix}-DNAT`, post: `${prefix}-POST`, forward: `${prefix}-FWD` };
}

/** A rule as iptables-save prints it, without the `-A`/`-D`. */
export interface Rule {
  table: Table;
  chain: string;
  spec: string;
}

/** The jump rules from the built-in chains; FORWARD's goes first so a host DROP policy does not hide tslab's rules. */
export function jumpRules(c: Chains): Array<Rule & { insert?: boolean }> {
  return [
    { table: 'nat', chain: 'PREROUTING', spec: `-m addrtype --dst-type LOCAL -j ${c.dnat}` },
    { table: 'nat', chain: 'OUTPUT', spec: `-m addrtype --dst-type LOCAL -j ${c.dnat}` },
    { table: 'nat', chain: 'POSTROUTING', spec: `-j ${c.post}` },
    { table: 'filter', chain: 'FORWARD', spec: `-j ${c.forward}`, insert: true },
  ];
}

const comment = (owner: string): string => `-m comment --comment "${owner}"`;
export const containerOwner = (id: string): string => `tslab:${id}`;
export const networkOwner = (name: string): string => `tslab-net:${name}`;

/** A network's own rules: outbound MASQUERADE, loopback-to-container MASQUERADE, isolation. */
export function networkRules(c: Chains, net: { name: string; bridge: string; subnet: string }): Rule[] {
  const own = comment(networkOwner(net.name));
  const br = net.bridge;
  return [
    { table: 'nat', chain: c.post, spec: `-s ${net.subnet} ! -o ${br} ${own} -j MASQUERADE` },
    // Host -> 127.0.0.1:PORT, DNAT'd into the bridge, would leave with a loopback source: rewrite it to the gateway.
    { table: 'nat', chain: c.post, spec: `-s 127.0.0.0/8 -o ${br} ${own} -j MASQUERADE` },
    { table: 'filter', chain: c.forward, spec: `-i ${br} -o ${br} ${own} -j ACCEPT` },
    { table: 'filter', chain: c.forward, spec: `-i ${br} -o tsl+ ${own} -j DROP` },
    { table: 'filter', chain: c.forward, spec: `-i ${br} ${own} -j ACCEPT` },
    { table: 'filter', chain: c.forward, spec: `-o ${br} -m conntrack --ctstate RELATED,ESTABLISHED,DNAT ${own} -j ACCEPT` },
  ];
}

/** One DNAT rule per published port. */
export function portRules(c: Chains, containerId: string, ip: string, ports: readonly PortSpec[]): Rule[] {
  return ports.map((p) => ({
    table: 'nat',
    chain: c.dnat,
    spec: `${p.hostIp ? `-d ${p.hostIp}/32 ` : ''}-p ${p.protocol} -m ${p.protocol} --dport ${p.hostPort} ${comment(containerOwner(containerId))} -j DNAT --to-destination ${ip}:${p.containerPort}`,
  }));
}

export interface Plan {
  createChains?: Chains;
  deleteChains?: Chains;
  add: Rule[];
  remove: Rule[];
}

/** The iptables-restore --noflush script for a plan: removals first, then additions, per table. */
export function restoreScript(plan: Plan): string {
  const out: string[] = [];
  for (const table of ['nat', 'filter'] as const) {
    const lines: string[] = [];
    if (plan.createChains) {
      const c = plan.createChains;
      const chains = table === 'nat' ? [c.dnat, c.post] : [c.forward];
      lines.push(...chains.map((chain) => `:${chain} - [0:0]`));
      for (const jump of jumpRules(c).filter((j) => j.table === table)) {
        lines.push(jump.insert ? `-I ${jump.chain} 1 ${jump.spec}` : `-A ${jump.chain} ${jump.spec}`);
      }
    }
    lines.push(...plan.remove.filter((r) => r.table === table).map((r) => `-D ${r.chain} ${r.spec}`));
    lines.push(...plan.add.filter((r) => r.table === table).map((r) => `-A ${r.chain} ${r.spec}`));
    if (plan.deleteChains) {
      const c = plan.deleteChains;
      lines.push(...jumpRules(c).filter((j) => j.table === table).map((j) => `-D ${j.chain} ${j.spec}`));
      const chains = table === 'nat' ? [c.dnat, c.post] : [c.forward];
      for (const chain of chains) lines.push(`-F ${chain}`, `-X ${chain}`);
    }
    if (lines.length > 0) out.push(`*${table}`, ...lines, 'COMMIT');
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Apply a plan in one process; throws if iptables refuses (nothing of the script is applied then). */
export async function applyPlan(host: Host, plan: Plan): Promise<void> {
  const script = restoreScript(plan);
  if (script) await host.run('iptables-restore', ['-w', '--noflush'], { input: script });
}

/** `iptables-save` of both tables (a read-only probe, not recorded). */
export async function saveRules(host: Host): Promise<string> {
  const [nat, filter] = await Promise.all([
    host.run('iptables-save', ['-t', 'nat'], { quiet: true, allowFailure: true }),
    host.run('iptables-save', ['-t', 'filter'], { quiet: true, allowFailure: true }),
  ]);
  return `${nat.stdout}\n${filter.stdout}`;
}

export interface SavedRules {
  chains: Map<string, Table>;
  rules: Rule[];
}

export function parseSave(text: string): SavedRules {
  const chains = new Map<string, Table>();
  const rules: Rule[] = [];
  let table: Table | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) table = line === '*nat' ? 'nat' : line === '*filter' ? 'filter' : undefined;
    if (!table) continue;
    const chain = /^:(\S+)/.exec(line);
    if (chain) chains.set(chain[1]!, table);
    const rule = /^-A (\S+) (.*)$/.exec(line);
    if (rule) rules.push({ table, chain: rule[1]!, spec: rule[2]! });
  }
  return { chains, rules };
}

export function ruleOwner(rule: Rule): string | undefined {
  return /-m comment --comment "?(tslab(?:-net)?:[^" ]+)"?/.exec(rule.spec)?.[1];
}

/**
 * What of a wanted removal still exists, read from iptables-save: the rules of
 * the given owners in tslab's chains, and (if asked) the chains and their jumps.
 * Used when the fast removal script fails (a crash removed part of it already) and by gc.
 */
export function presentRemoval(saved: SavedRules, c: Chains, owners: ReadonlySet<string>, dropChains: boolean): Plan {
  const own = new Set([c.dnat, c.post, c.forward]);
  const remove = saved.rules.filter((r) => own.has(r.chain) && (dropChains || owners.has(ruleOwner(r) ?? '')));
  const plan: Plan = { add: [], remove: [] };
  if (dropChains) {
    const jumps = jumpRules(c).filter((j) => saved.rules.some((r) => r.table === j.table && r.chain === j.chain && r.spec === j.spec));
    const lines: Rule[] = jumps.map(({ table, chain, spec }) => ({ table, chain, spec }));
    plan.remove = lines;
    // -F then -X for each chain still there; rules inside go with -F.
    const chains = [c.dnat, c.post, c.forward].filter((chain) => saved.chains.has(chain));
    plan.remove.push(...chains.map((chain): Rule => ({ table: saved.chains.get(chain)!, chain, spec: '' })));
    return plan;
  }
  plan.remove = remove;
  return plan;
}

/** Script for presentRemoval's plan (chain entries with an empty spec mean flush+delete). */
export function removalScript(plan: Plan): string {
  const out: string[] = [];
  for (const table of ['nat', 'filter'] as const) {
    const lines = plan.remove.filter((r) => r.table === table).map((r) => (r.spec === '' ? `-F ${r.chain}\n-X ${r.chain}` : `-D ${r.chain} ${r.spec}`));
    if (lines.length > 0) out.push(`*${table}`, ...lines, 'COMMIT');
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/**
 * Remove what a plan's removal part names; if iptables refuses (part of it is
 * already gone), remove exactly what is still there instead.
 */
export async function removeRobustly(host: Host, plan: Plan, c: Chains, owners: ReadonlySet<string>): Promise<void> {
  const script = restoreScript(plan);
  if (!script) return;
  const result = await host.run('iptables-restore', ['-w', '--noflush'], { input: script, allowFailure: true });
  if (result.exitCode === 0) return;
  const saved = parseSave(await saveRules(host));
  const rules = presentRemoval(saved, c, owners, false);
  const chains = plan.deleteChains ? presentRemoval(saved, c, owners, true) : { add: [], remove: [] };
  const fallback = removalScript({ add: [], remove: [...rules.remove, ...chains.remove] });
  if (fallback) await host.run('iptables-restore', ['-w', '--noflush'], { input: fallback });
}
