/**
 * Soak: many `tslab run --rm` cycles in a row, counting after every hundred
 * what a leak would grow: mounts, cgroups, links, network namespaces, tslab's
 * iptables rules, files under the run and data dirs, zombies, and open
 * descriptors. Everything should stay flat. It runs in an env of its own
 * (run dir, data dir, cgroup parent, bridge, chains), like the tests.
 *
 *   npm run build && tsc -p bench/tsconfig.json && node dist/bench/soak.js [PLAIN] [PUBLISHED]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(repo, 'bin', 'tslab.js');
const base = path.join(tmpdir(), `tslab-soak-${process.pid}`);
const env = {
  ...process.env,
  TSLAB_RUN_DIR: path.join(base, 'run'),
  TSLAB_DATA_DIR: path.join(base, 'data'),
  TSLAB_CGROUP_PARENT: `tslab-soak-${process.pid}`,
  TSLAB_BRIDGE: 'tslsoak0',
  TSLAB_SUBNET: '10.97.250.0/24',
  TSLAB_CHAIN_PREFIX: 'TSLAB-SOAK',
};

interface Counts {
  cycles: number;
  seconds: number;
  mounts: number;
  cgroups: number;
  links: number;
  netns: number;
  rules: number;
  files: number;
  zombies: number;
  fds: number;
}

const count = (dir: string): number => (existsSync(dir) ? readdirSync(dir).length : 0);
const subdirs = (dir: string): number => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).length : 0);
function filesUnder(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? 1 + filesUnder(path.join(dir, e.name)) : 1;
  return n;
}

function measure(cycles: number, started: number): Counts {
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  let zombies = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') zombies++;
    } catch {
      // ended while we looked
    }
  }
  const cgroups = readdirSync('/sys/fs/cgroup').reduce((n, h) => n + subdirs(path.join('/sys/fs/cgroup', h, env.TSLAB_CGROUP_PARENT)), 0);
  const links = (JSON.parse(execFileSync('ip', ['-j', 'link', 'show'], { encoding: 'utf8' })) as unknown[]).length;
  const rules = execFileSync('iptables-save', { encoding: 'utf8' }).split('\n').filter((l) => l.includes(env.TSLAB_CHAIN_PREFIX)).length;
  return {
    cycles,
    seconds: Math.round((Date.now() - started) / 1000),
    mounts: readFileSync('/proc/self/mountinfo', 'utf8').split('\n').length,
    cgroups,
    links,
    netns: count('/run/netns'),
    rules,
    files: filesUnder(base),
    zombies,
    fds: count('/proc/self/fd'),
  };
}

function soak(label: string, cycles: number, args: string[]): Counts[] {
  const started = Date.now();
  const rows = [measure(0, started)];
  for (let i = 1; i <= cycles; i++) {
    execFileSync(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (i % 100 === 0 || i === cycles) {
      rows.push(measure(i, started));
      console.log(label, JSON.stringify(rows[rows.length - 1]));
    }
  }
  return rows;
}

const plainCycles = Number(process.argv[2] ?? 500);
const publishedCycles = Number(process.argv[3] ?? 200);
const plain = soak('run --rm', plainCycles, ['run', '--rm', '--net', 'none', 'busybox', 'true']);
// The bridge stays up between cycles (it goes with the last container): start one to hold it, as a real host would.
execFileSync(process.execPath, [bin, 'run', '-d', '--name', 'soak-anchor', 'busybox', 'sleep', '100000'], { env });
const published = soak('run --rm -p', publishedCycles, ['run', '--rm', '-p', '18999:80', 'busybox', 'true']);
execFileSync(process.execPath, [bin, 'rm', '-f', 'soak-anchor'], { env });
execFileSync(process.execPath, [bin, 'gc', '--all'], { env });
rmSync(base, { recursive: true, force: true });
const load = readFileSync('/proc/loadavg', 'utf8').trim();
writeFileSync(path.join(repo, 'bench', 'soak-results.json'), `${JSON.stringify({ date: new Date().toISOString(), load, plain, published }, null, 2)}\n`);

/** The growth from the first count after a hundred cycles to the last: a leak shows as a steady rise. */
function table(title: string, rows: Counts[]): string {
  const keys = ['mounts', 'cgroups', 'links', 'netns', 'rules', 'files', 'zombies', 'fds'] as const;
  const head = `| cycles | seconds | ${keys.join(' | ')} |\n| ${Array(keys.length + 2).fill('---').join(' | ')} |`;
  const lines = rows.map((r) => `| ${r.cycles} | ${r.seconds} | ${keys.map((k) => r[k]).join(' | ')} |`);
  return `### ${title}\n\n${head}\n${lines.join('\n')}\n`;
}
const results = path.join(repo, 'bench', 'RESULTS.md');
const before = existsSync(results) ? readFileSync(results, 'utf8') : '';
const kept = before.includes('\n## Soak') ? before.slice(0, before.indexOf('\n## Soak')) : before;
const section = `
## Soak

Written by \`bench/soak.ts\` on ${new Date().toISOString()} (load average at the end: ${load}). Counts after every hundred
cycles, in an env of its own. Mounts, links and netns are host-wide, and zombies are counted over every
process: other work on the machine moves them, so what matters is that tslab's cycles add nothing that stays.
Cgroups, rules and files are tslab's own (its cgroup parent, its chains, its run and data dirs); fds are the soak's.

${table(`${plainCycles} × run --rm --net none busybox true`, plain)}
${table(`${publishedCycles} × run --rm -p 18999:80 busybox true (bridge held up by one detached container)`, published)}`;
writeFileSync(results, `${kept.trimEnd()}\n${section}`);
