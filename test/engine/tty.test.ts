/**
 * `tslab run -it` and `tslab exec -it` in a real terminal: tmux gives the CLI
 * a tty, send-keys types, capture-pane reads the screen.
 */
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { assertNothingLeft, cleanUpAfter, isolatedEnv, needsRoot, sleep, tslab, tslabBin } from '../helpers/tslab.js';

const session = `tslab-tty-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

async function screenShows(pattern: RegExp, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < deadline) {
    screen = tmux('capture-pane', '-p', '-t', session);
    if (pattern.test(screen)) return screen;
    await sleep(100);
  }
  return screen;
}

if (needsRoot(t)) {
  const env = isolatedEnv('tty');
  cleanUpAfter(t, env);
  t.teardown(() => {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  });

  await t.test('run -it gives an interactive shell with its own terminal', async (t) => {
    const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'env', ...envArgs, process.execPath, tslabBin, 'run', '-it', '--rm', '--name', 'tty', '--hostname', 'ttybox', 'busybox', 'sh');
    t.match(await screenShows(/#\s*$/m), /#/, 'a prompt');
    tmux('send-keys', '-t', session, 'hostname; tty; stty size', 'Enter');
    const screen = await screenShows(/\d+ 80/);
    t.match(screen, /ttybox/, 'the container\'s hostname');
    t.match(screen, /\/dev\/pts\/\d+/, 'a terminal of its own (the container\'s devpts)');
    t.match(screen, /24 80/, 'the window size of the outer terminal');

    const exec = await tslab(env, ['exec', 'tty', 'ps', '-o', 'pid,args']);
    t.match(exec.stdout, /1 sh/, 'exec sees the interactive shell as PID 1');

    tmux('send-keys', '-t', session, 'exit 4', 'Enter');
    for (let i = 0; i < 50 && (await tslab(env, ['ps', '-a'])).stdout.includes('tty'); i++) await sleep(100);
    t.notMatch((await tslab(env, ['ps', '-a'])).stdout, /\btty\b/, '--rm removed it after exit');
  });

  await assertNothingLeft(t, env);
}
