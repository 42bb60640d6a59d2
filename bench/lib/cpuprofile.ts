/** Summarise a V8 .cpuprofile: where the samples' time went, by kind of work. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Profiled wall time, ms. */
  totalMs: number;
  /** ms per category. */
  categories: Record<string, number>;
  /** tslab's own JS, ms per area (engine/network, cli, ...), outside module loading. */
  tslabAreas: Record<string, number>;
  /** Heaviest self-time frames. */
  top: Array<{ frame: string; ms: number }>;
}

export const CATEGORIES = {
  loading: 'module loading (resolve, read, compile, evaluate)',
  waiting: 'idle: waiting for child processes and I/O',
  tslab: "tslab's JS (CLI + engine)",
  deps: 'dependencies (node_modules) at run time',
  node: 'Node internals at run time (spawn, fs, streams)',
  gc: 'garbage collection',
  program: 'V8/native, unattributed ((program))',
} as const;

const short = (url: string): string => url.replace(/^file:\/\/.*?\/(dist\/|node_modules\/)/, '$1');

export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categories: Record<string, number> = Object.fromEntries(Object.values(CATEGORIES).map((c) => [c, 0]));
  const tslabAreas: Record<string, number> = {};
  const self = new Map<string, number>();
  const add = (record: Record<string, number>, key: string, value: number) => (record[key] = (record[key] ?? 0) + value);

  profile.samples.forEach((sample, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = byId.get(sample)!;
    const stack: CpuProfile['nodes'] = [];
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!);
    const urls = stack.map((n) => n.callFrame.url);
    const name = leaf.callFrame.functionName;
    self.set(`${name || '(anonymous)'} ${short(leaf.callFrame.url)}:${leaf.callFrame.lineNumber + 1}`, (self.get(`${name || '(anonymous)'} ${short(leaf.callFrame.url)}:${leaf.callFrame.lineNumber + 1}`) ?? 0) + dt);
    let category: string;
    if (name === '(idle)') category = CATEGORIES.waiting;
    else if (name === '(garbage collector)') category = CATEGORIES.gc;
    else if (urls.some((u) => u.startsWith('node:internal/modules/'))) category = CATEGORIES.loading;
    else if (name === '(program)') category = CATEGORIES.program;
    else {
      const own = urls.find((u) => u.includes('/dist/src/'));
      if (own) {
        category = CATEGORIES.tslab;
        const area = /\/dist\/src\/(engine\/[a-z]+|[a-z]+)/.exec(own)?.[1] ?? 'other';
        add(tslabAreas, area.replace(/\.js$/, ''), dt);
      } else if (urls.some((u) => u.includes('/node_modules/'))) category = CATEGORIES.deps;
      else category = CATEGORIES.node;
    }
    add(categories, category, dt);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([frame, ms]) => ({ frame, ms }));
  return { totalMs: (profile.endTime - profile.startTime) / 1000, categories, tslabAreas, top };
}
