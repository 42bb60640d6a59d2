/** bench/RESULTS.md and the console table. */
import type { CaseResult } from './cases.js';
import type { Resident } from './memory.js';
import type { ProfileResult } from './profile.js';
import { kib, ms, ratio, times } from './stats.js';
import type { Target } from './targets.js';

export interface Results {
  date: string;
  machine: Record<string, string>;
  versions: Record<string, string>;
  iterations: number;
  namespace: string;
  cases: Record<string, CaseResult>;
  targets: Target[];
  profile?: ProfileResult;
  leftovers: string[];
}

function seriesTable(c: CaseResult): string[] {
  const crun = c.series.crun?.summary;
  const runc = c.series.runc?.summary;
  const unit = c.id === 'tui' ? '' : ' (ms)';
  const lines = [`| ${c.id === 'tui' ? 'measure' : 'runtime'} | min${unit} | median${unit} | max${unit} | CPU median (ms) | ÷ crun | ÷ runc | failures |`, '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const [name, s] of Object.entries(c.series)) {
    const sum = s.summary;
    const rel = c.id === 'tui' ? ['—', '—'] : [times(ratio(sum, crun)), times(ratio(sum, runc))];
    lines.push(`| ${name.trim()} | ${ms(sum?.min)} | ${ms(sum?.median)} | ${ms(sum?.max)} | ${ms(s.cpuSummary?.median)} | ${rel[0]} | ${rel[1]} | ${s.failures}${s.firstError ? ` (${s.firstError.replace(/\s+/g, ' ').replace(/\|/g, '/').slice(0, 120)})` : ''} |`);
  }
  return lines;
}

function memoryTable(c: CaseResult): string[] {
  const samples = (c.extra?.samples ?? []) as Resident[];
  const lines = ['| runtime | per-container process(es) besides the command | VmRSS | PSS | RssAnon | the command itself (busybox sleep), VmRSS |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  for (const runtime of ['tslab', 'runc', 'crun']) {
    const mine = samples.filter((s) => s.runtime === runtime);
    const s = mine[Math.floor(mine.length / 2)];
    if (!s) continue;
    if (s.error) {
      lines.push(`| ${runtime} | error: ${s.error.slice(0, 120)} | | | | |`);
      continue;
    }
    const procs = s.perContainer.length ? s.perContainer.map((p) => p.name).join(', ') : 'none (the runtime exited)';
    const sum = (f: (m: Resident['perContainer'][number]['memory']) => number | undefined) => (s.perContainer.length ? s.perContainer.reduce((a, p) => a + (f(p.memory) ?? 0), 0) : 0);
    lines.push(`| ${runtime} | ${procs} | ${kib(sum((m) => m.rss))} | ${kib(sum((m) => m.pss))} | ${kib(sum((m) => m.rssAnon))} | ${kib(s.container?.rss)} |`);
  }
  const idle = c.extra?.tslabStartIdle as Resident['perContainer'][number]['memory'] | undefined;
  lines.push('', `\`tslab start\` idle (lesson list drawn): ${idle ? `VmRSS ${kib(idle.rss)}, PSS ${kib(idle.pss)}` : 'not available yet'}`);
  return lines;
}

function profileSection(p: ProfileResult): string[] {
  const lines = [`### Profile of \`${p.command}\``, '', `V8 CPU profile (\`node --cpu-prof\`, median of ${p.runs} runs; profiled span ${ms(p.totalMs)} ms, after Node's own bootstrap):`, '', '| where the time went | ms |', '| --- | ---: |'];
  for (const [name, value] of Object.entries(p.categories).sort((a, b) => b[1] - a[1])) lines.push(`| ${name} | ${ms(value)} |`);
  const areas = Object.entries(p.tslabAreas).sort((a, b) => b[1] - a[1]).map(([a, v]) => `${a} ${ms(v)}`);
  if (areas.length) lines.push('', `tslab's JS by area (ms): ${areas.join(', ')}`);
  lines.push('', `Modules loaded: ${p.modules.count} ES modules, ${p.modules.kib} KiB of source. Largest groups: ${p.modules.byPackage.slice(0, 8).map((g) => `${g.name} (${g.count}, ${g.kib} KiB)`).join('; ')}.`);
  lines.push('', 'Heaviest frames (self time, one run): ' + p.top.slice(0, 8).map((t) => `\`${t.frame}\` ${ms(t.ms)}`).join(', '));
  if (p.phases) {
    lines.push('', 'Engine phases in a warm process (median ms): ' + Object.entries(p.phases).map(([k, v]) => `${k} ${ms(v)}`).join(', '));
  }
  if (p.timeline) {
    lines.push('', 'Processes on the start path (`strace -f`, ms from the CLI\'s exec; strace slows every syscall, so read the order and counts, not the absolute times):', '', '| at | lasted | program |', '| ---: | ---: | --- |');
    for (const step of p.timeline) lines.push(`| ${ms(step.atMs)} | ${ms(step.durationMs)} | \`${step.program.replace(/\|/g, '/')}\` |`);
  }
  return lines;
}

/** Data-driven reasons for each missed target, from this run's own profile. */
export function explanations(r: Results): string[] {
  const p = r.profile;
  const out: string[] = [];
  const helpers = p?.timeline?.filter((s) => !/^(node|tslab-shim|true)\b/.test(s.program)) ?? [];
  const helperText = helpers.length ? `${helpers.length} helper process(es) on the path: ${helpers.map((h) => `\`${h.program}\``).join(', ')}` : 'no helper processes seen';
  for (const t of r.targets.filter((x) => x.holds === false)) {
    if (t.case.startsWith('1') && p) {
      const cat = p.categories;
      out.push(`- **${t.case}** misses ${t.miss}. Of the profiled ${ms(p.totalMs)} ms: ${Object.entries(cat).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${ms(v)} ms`).join(', ')}. ${p.modules.count} modules are loaded (${p.modules.kib} KiB). ${helperText}.`);
    } else if (t.case.startsWith('2') && p?.phases) {
      out.push(`- **${t.case}** misses ${t.miss}. Warm phases: ${Object.entries(p.phases).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => `${k} ${ms(v)} ms`).join(', ')}. ${helperText}.`);
    } else if (t.case.startsWith('3')) {
      const bridgeHelpers = p?.bridgeTimeline?.filter((s) => !/^(node|tslab-shim|true)\b/.test(s.program)) ?? [];
      out.push(`- **${t.case}** misses ${t.miss}.${bridgeHelpers.length ? ` With a bridge and a port the CLI runs ${bridgeHelpers.length} helper processes: ${bridgeHelpers.map((h) => `\`${h.program}\` (${ms(h.durationMs)} ms under strace)`).join(', ')}.` : ''}`);
    } else if (t.case.startsWith('4')) {
      const cpu = r.cases.cli?.series.tslab?.cpuSummary?.median;
      const runcCpu = r.cases.cli?.series.runc?.cpuSummary?.median;
      out.push(`- **${t.case}** misses ${t.miss}. On ${r.machine.cpus} cores concurrency is bound by CPU: one \`tslab run\` costs ${ms(cpu)} ms of CPU (user+sys, all its processes) against runc's ${ms(runcCpu)} ms (case 1), so 20 of them need about ${ms(cpu === undefined ? undefined : (cpu * 20) / Number(r.machine.cpus))} ms of wall time at best.`);
    } else out.push(`- **${t.case}** misses ${t.miss}.`);
  }
  return out;
}

export function markdown(r: Results): string {
  const lines = [
    '# tslab vs runc vs crun',
    '',
    `Generated by \`npm run bench\` on ${r.date}. Numbers are from one run on one machine; the ratios are what matters.`,
    '',
    `Machine: ${Object.entries(r.machine).map(([k, v]) => `${k} ${v}`).join(', ')}.  `,
    `Versions: ${Object.entries(r.versions).map(([k, v]) => `${k}: ${v}`).join('; ')}.  `,
    `Iterations: ${r.iterations} per case, runtimes alternating within each iteration. ${r.namespace}.`,
    '',
    '## Targets',
    '',
    '| case | target | measured (medians) | holds |',
    '| --- | --- | --- | --- |',
    ...r.targets.map((t) => `| ${t.case} | ${t.target} | ${t.measured} | ${t.holds === undefined ? 'n/a' : t.holds ? 'yes' : `**no**, ${t.miss}`} |`),
    '',
  ];
  const why = explanations(r);
  if (why.length) lines.push('### Why the misses', '', ...why, '');
  for (const c of Object.values(r.cases)) {
    lines.push(`## ${c.title}`, '');
    for (const note of c.notes) lines.push(`- ${note}`);
    if (c.notes.length) lines.push('');
    if (!c.available) continue;
    lines.push(...(c.id === 'memory' ? memoryTable(c) : seriesTable(c)), '');
    if (c.extra?.engineImportMs !== undefined) lines.push(`Importing the engine once in that process took ${ms(Number(c.extra.engineImportMs))} ms (paid once, not per container).`, '');
  }
  if (r.profile) lines.push('## Where `tslab run` spends its time', '', ...profileSection(r.profile), '');
  lines.push(`Left behind after the run: ${r.leftovers.length ? r.leftovers.join(', ') : 'nothing'}.`, '');
  return lines.join('\n');
}

export function consoleTable(r: Results): string {
  const rows: string[] = [];
  for (const c of Object.values(r.cases)) {
    rows.push(`\n${c.title}${c.available ? '' : ` — ${c.notes.join('; ')}`}`);
    if (!c.available) continue;
    if (c.id === 'memory') {
      rows.push(...memoryTable(c));
      continue;
    }
    for (const [name, s] of Object.entries(c.series)) {
      const sum = s.summary;
      rows.push(`  ${name.trim().padEnd(30)} min ${ms(sum?.min).padStart(7)}  median ${ms(sum?.median).padStart(7)}  max ${ms(sum?.max).padStart(7)}  ÷crun ${times(ratio(sum, c.series.crun?.summary)).padStart(7)}  ÷runc ${times(ratio(sum, c.series.runc?.summary)).padStart(7)}${s.failures ? `  failures ${s.failures}: ${s.firstError?.slice(0, 200)}` : ''}`);
    }
  }
  rows.push('\nTargets:');
  for (const t of r.targets) rows.push(`  ${t.holds === undefined ? 'n/a ' : t.holds ? 'HOLD' : 'MISS'}  ${t.case}: ${t.target} — ${t.measured}${t.miss ? `, misses ${t.miss}` : ''}`);
  return rows.join('\n');
}
