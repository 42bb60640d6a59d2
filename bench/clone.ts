/**
 * `npm run bench:clone` (as root): from a fresh clone to the lesson list on
 * screen, the way the README says — `npm ci`, then `tslab start` from PATH —
 * timing the clone, the one build, and Enter-to-list in a detached tmux. It
 * also times `tslab lessons` against `npx tslab lessons`, and checks that
 * neither starts a second build. Writes the "From clone to lesson list"
 * section of bench/RESULTS.md (kept when `npm run bench` rewrites the rest).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { CLONE_BEGIN, CLONE_END } from './lib/clone-section.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function seconds<T>(what: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await what();
  return [(performance.now() - started) / 1000, value];
}

async function main(): Promise<number> {
  const root = mkdtempSync(path.join(tmpdir(), 'tslab-clone-'));
  const dir = path.join(root, 'tslab');
  const bin = path.join(root, 'bin');
  // Everything the clone makes stays in its temp dir: its own PATH link and lab dirs.
  const env = {
    ...process.env,
    TSLAB_BIN_DIR: bin,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    TSLAB_RUN_DIR: path.join(root, 'run'),
    TSLAB_DATA_DIR: path.join(root, 'data'),
    TSLAB_STATE_DIR: path.join(root, 'state'),
  };
  const session = `tslab-bench-clone-${process.pid}`;
  try {
    await execa('mkdir', ['-p', bin]);
    const [clone] = await seconds(() => execa('git', ['clone', '--quiet', repo, dir]));
    const [install] = await seconds(() => execa('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, env }));
    const built = statSync(path.join(dir, 'dist', 'bundle', 'main.js')).mtimeMs;
    const which = (await execa('sh', ['-c', 'command -v tslab'], { env })).stdout.trim();
    const [direct] = await seconds(() => execa('tslab', ['lessons'], { cwd: dir, env }));
    const [viaNpx] = await seconds(() => execa('npx', ['tslab', 'lessons'], { cwd: dir, env }));
    const rebuilt = statSync(path.join(dir, 'dist', 'bundle', 'main.js')).mtimeMs !== built;

    // A login shell would reset PATH: the session waits for Enter, then runs `tslab start` found on the clone's PATH.
    const vars = ['PATH', 'TSLAB_RUN_DIR', 'TSLAB_DATA_DIR', 'TSLAB_STATE_DIR'].map((name) => `${name}=${env[name as keyof typeof env] ?? ''}`);
    await execa('tmux', ['new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', dir, 'env', ...vars, 'sh', '-c', 'read _; exec tslab start']);
    await sleep(500);
    const [enterToList] = await seconds(async () => {
      await execa('tmux', ['send-keys', '-t', session, 'Enter']);
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(20)) {
        const screen = (await execa('tmux', ['capture-pane', '-p', '-t', session])).stdout;
        if (screen.includes('01-netns') && screen.includes('03-cgroups')) return;
      }
      throw new Error('the lesson list did not appear within 60 s');
    });
    const total = clone + install + enterToList;
    const rows = [
      ['git clone', clone],
      ['npm ci (install + the one build + tslab setup)', install],
      ['Enter on `tslab start` to the lesson list', enterToList],
      ['clone to lesson list', total],
      ['`tslab lessons` (on PATH)', direct],
      ['`npx tslab lessons`', viaNpx],
    ] as const;
    const section = [
      CLONE_BEGIN,
      '## From clone to lesson list',
      '',
      `Measured by \`npm run bench:clone\` on ${new Date().toISOString()} (one run, this machine; npm's cache was warm; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${availableParallelism()} CPUs at the end, so the build's time is mostly waiting for a CPU).`,
      '',
      '| step | seconds |',
      '| --- | ---: |',
      ...rows.map(([what, s]) => `| ${what} | ${s.toFixed(2)} |`),
      '',
      `After \`npm ci\`, \`tslab\` resolves to \`${which.replace(root, '$TMP')}\` (tslab setup's link), so the README's commands run as written. ` +
        `The build ran once: ${rebuilt ? '**a later command rebuilt dist/ (regression)**' : 'neither `tslab` nor `npx tslab` rebuilt dist/ (prepare builds only when an input is newer than the last build)'}; ` +
        `\`npx\` still costs npm's own start-up on every call (${(viaNpx - direct).toFixed(2)} s more here), which is why the README does not use it.`,
      CLONE_END,
    ].join('\n');
    const file = path.join(repo, 'bench', 'RESULTS.md');
    const old = readFileSync(file, 'utf8');
    const at = old.indexOf(CLONE_BEGIN);
    const end = old.indexOf(CLONE_END);
    writeFileSync(file, at >= 0 && end > at ? `${old.slice(0, at)}${section}${old.slice(end + CLONE_END.length)}` : `${old.trimEnd()}\n\n${section}\n`);
    console.log(section);
    return rebuilt || !which.startsWith(bin) ? 1 : 0;
  } finally {
    await execa('tmux', ['kill-session', '-t', session], { reject: false });
    rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();
