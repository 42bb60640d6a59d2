/**
 * The real `tslab start` in a detached tmux session at 80x24, driven with
 * send-keys through lesson 1 and read with capture-pane: the screen must show
 * each step's check, the panels' kernel state, and quitting with "remove"
 * must leave nothing behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t, { type Test as Tap } from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, sleep, tslabBin } from '../helpers/tslab.js';
import { freshRunner, lesson1Leftovers, lockLesson1 } from '../lessons/lab.js';

const env = isolatedEnv('tmux');
const session = `tslab-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

async function waitForScreen(t: Tap, test: (s: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      last = screen();
    } catch {
      last = '(the tmux session has ended)';
    }
    if (test(last)) {
      await sleep(150);
      return last;
    }
    await sleep(100);
  }
  t.fail(`timed out waiting for ${what}; the screen:\n${last}`);
  throw new Error(`timed out waiting for ${what}`);
}


/** The net panel's lines for the lesson's netns: the right column under its `netns tslab-lesson1` header. */
function netnsPanel(s: string): string {
  const lines = s.split('\n');
  // The panel's header line, not the prose's `ip link set ... netns tslab-lesson1`.
  const at = lines.findIndex((l) => /\s{2}netns tslab-lesson1$/.test(l.trimEnd()) && !/\bip\b/.test(l));
  if (at < 0) return '';
  const column = lines[at]!.indexOf('netns tslab-lesson1');
  const out: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const cell = line.slice(column - 1).trim();
    if (cell === 'host' || cell === '') break;
    out.push(cell);
  }
  return out.join('\n');
}

if (needsRoot(t)) {
  cleanUpAfter(t, env);
  await lockLesson1(t);
  const state = mkdtempSync(path.join(tmpdir(), 'tslab-tmux-state-'));
  t.teardown(async () => {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // Already gone: tslab quit.
    }
    rmSync(state, { recursive: true, force: true });
    await (await freshRunner(env, '01-netns')).reset();
  });

  await t.test('lesson 1 through the real TUI, panels included', async (t) => {
    const vars = Object.entries({ ...env, TSLAB_STATE_DIR: state, LANG: 'C.UTF-8' }).map(([k, v]) => `${k}=${v}`);
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'env', ...vars, process.execPath, tslabBin, 'start', '--lang', 'en');
    // The Ink list has the key bar; the plain first paint before it has none and takes no keys.
    let s = await waitForScreen(t, (s) => s.includes('03-cgroups') && s.includes('enter open'), 'the lesson list');
    t.match(s, /› 01-netns\s+0\/8\s+Network namespaces and veth pairs/);

    keys('Enter');
    s = await waitForScreen(t, (s) => s.includes('1/8 create-netns') && s.includes('net: links'), 'lesson 1');
    t.match(s, /\? Which interfaces will the brand-new namespace have\?/);
    t.match(s, /netns tslab-lesson1: does not exist/, 'the net panel before the step');

    keys('1');
    await sleep(200);
    keys('n');
    s = await waitForScreen(t, (s) => s.includes('check passed'), 'create-netns checked');
    t.match(s, /✓ 1 create-netns/);
    t.match(s, /You predicted: Only a loopback.*✓ right/);
    t.match(s, /\$ ip netns add tslab-lesson1/, 'what tslab did');
    await waitForScreen(t, (s) => /^lo\s+DOWN  no address$/m.test(netnsPanel(s)), 'the panel showing the lone DOWN lo');

    keys('n');
    await waitForScreen(t, (s) => s.includes('2/8 ping-lo-down'), 'step 2');
    keys('2');
    await sleep(200);
    keys('n');
    s = await waitForScreen(t, (s) => s.includes('✓ 2 ping-lo-down'), 'ping-lo-down checked');
    t.match(s, /Network is unreachable/);

    keys('n');
    await waitForScreen(t, (s) => s.includes('3/8 bring-lo-up'), 'step 3');
    keys('n');
    s = await waitForScreen(t, (s) => s.includes('✓ 3 bring-lo-up'), 'bring-lo-up checked');
    await waitForScreen(t, (s) => /^lo\s+UP  127\.0\.0\.1\/8$/m.test(netnsPanel(s)), 'the panel showing lo UP with its address');

    keys('n');
    await waitForScreen(t, (s) => s.includes('4/8 create-veth'), 'step 4');
    keys('n');
    await waitForScreen(t, (s) => s.includes('✓ 4 create-veth'), 'create-veth checked');

    keys('n');
    await waitForScreen(t, (s) => s.includes('5/8 move-veth'), 'step 5');
    keys('3');
    await sleep(200);
    keys('n');
    await waitForScreen(t, (s) => s.includes('✓ 5 move-veth'), 'move-veth checked');
    await waitForScreen(t, (s) => /^tsl-l1c@if\d+\s+DOWN  no address  link-netns/m.test(netnsPanel(s)), 'the panel showing tsl-l1c inside the netns');

    keys('n');
    await waitForScreen(t, (s) => s.includes('6/8 address-veth'), 'step 6');
    keys('n');
    await waitForScreen(t, (s) => s.includes('✓ 6 address-veth'), 'address-veth checked');
    await waitForScreen(t, (s) => /^tsl-l1c@if\d+\s+UP,LOWER_UP  10\.200\.1\.2\/24/m.test(netnsPanel(s)), 'the panel showing the address');

    keys('n');
    await waitForScreen(t, (s) => s.includes('7/8 ping-both-ways'), 'step 7');
    keys('n');
    s = await waitForScreen(t, (s) => s.includes('✓ 7 ping-both-ways'), 'ping-both-ways checked');
    t.match(s, /host -> 10\.200\.1\.2: reply; tslab-lesson1 -> 10\.200\.1\.1: reply/);

    keys('n');
    await waitForScreen(t, (s) => s.includes('8/8 recap'), 'step 8');
    keys('n');
    await waitForScreen(t, (s) => s.includes('✓ 8 recap'), 'recap checked');
    t.same(lesson1Leftovers().sort(), ['link tsl-l1h', 'netns tslab-lesson1'], 'the kernel holds what the TUI built');

    keys('q');
    await waitForScreen(t, (s) => s.includes('Keep what the lessons made (k) or remove it (r)?'), 'the quit question');
    keys('r');
    await waitForScreen(t, (s) => s.includes('(the tmux session has ended)'), 'tslab to quit', 20_000);
    t.same(lesson1Leftovers(), [], 'quit and remove left nothing of lesson 1');
  });

  await assertNothingLeft(t, env);
}
