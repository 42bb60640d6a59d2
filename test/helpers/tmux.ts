/** A detached tmux session for tests that need a real terminal: send keys, read the screen, wait for it. */
import { execFileSync } from 'node:child_process';
import { sleep } from './tslab.js';

export interface TmuxSession {
  screen(): string;
  keys(...keys: string[]): void;
  /** Poll the screen until `test` holds; on timeout the error carries the last screen. */
  waitFor(test: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  kill(): void;
}

export function startTmux(name: string, command: readonly string[], env: Record<string, string>, size = { columns: 120, rows: 40 }): TmuxSession {
  const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
  const session = `${name}-${process.pid}`;
  const vars = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  tmux('new-session', '-d', '-s', session, '-x', String(size.columns), '-y', String(size.rows), ...vars, ...command);
  const screen = () => {
    try {
      return tmux('capture-pane', '-p', '-t', session);
    } catch {
      return '(the tmux session has ended)';
    }
  };
  return {
    screen,
    keys: (...keys) => void tmux('send-keys', '-t', session, ...keys),
    async waitFor(test, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last = screen();
      while (!test(last)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${last}`);
        await sleep(100);
        last = screen();
      }
      return last;
    },
    kill: () => {
      try {
        tmux('kill-session', '-t', session);
      } catch {
        // already ended
      }
    },
  };
}
