/**
 * The two dashboards on a small class made through the API: the blessed-contrib
 * one in a real terminal (tmux, capture-pane) with its controls, and the web
 * page in Debian's headless Chromium, both in plain and projector mode.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { chromium } from 'playwright-core';
import t from 'tap';
import { serveWorkshop } from '../../src/workshop/serve.js';
import type { EventsReply, JoinReply, PublicState } from '../../src/workshop/wire.js';
import { sleep, tslabBin } from '../helpers/tslab.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tslab-test-dash-'));
const instructorFile = path.join(dir, 'instructor.json');
const server = await serveWorkshop({ name: 'Dashboard class', lessons: ['01-netns'], host: '127.0.0.1', port: 0, database: path.join(dir, 'db.sqlite'), hours: 1, instructorFile });
t.teardown(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An API call; T is the reply's wire type. */
const api = async <T>(route: string, token: string | undefined, body?: unknown): Promise<T> => {
  const response = await fetch(new URL(route, server.url), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return response.json() as Promise<T>;
};
const ev = (kind: string, step: string | undefined, extra: Record<string, unknown> = {}) => ({ id: randomUUID(), at: new Date().toISOString(), kind, lesson: '01-netns', ...(step ? { step } : {}), ...extra });
for (const [name, events] of [
  ['alice', [ev('lesson-opened', undefined), ev('prediction', 'create-netns', { choice: 1 }), ev('check', 'create-netns', { ok: true, detail: 'ok' }), ev('check', 'ping-lo-down', { ok: true, detail: 'ok' })]],
  ['bob', [ev('lesson-opened', undefined), ev('prediction', 'create-netns', { choice: 0 }), ...[1, 2, 3].map(() => ev('check', 'create-netns', { ok: false, detail: 'no netns' }))]],
  ['carol', [ev('lesson-opened', undefined), ev('prediction', 'create-netns', { choice: 0 })]],
] as const) {
  const joined = await api<JoinReply>('/api/join', undefined, { code: server.record.code, name });
  await api<EventsReply>('/api/events', joined.token, { events });
}

async function waitForGone(session: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await execa('tmux', ['has-session', '-t', session], { reject: false })).exitCode !== 0) return;
    await sleep(100);
  }
  await execa('tmux', ['kill-session', '-t', session], { reject: false });
}

t.test('the terminal dashboard in tmux: grid, stuck learner, misconceptions, a broadcast from the keyboard', async (t) => {
  const session = `tslab-test-dash-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
  const waitFor = async (test: (s: string) => boolean, what: string) => {
    let last = '';
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
      last = tmux('capture-pane', '-p', '-t', session);
      if (test(last)) return last;
    }
    t.fail(`timed out waiting for ${what}:\n${last}`);
    return last;
  };
  for (const projector of [false, true]) {
    tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '48', process.execPath, tslabBin, 'workshop', 'dashboard', '--instructor-file', instructorFile, ...(projector ? ['--projector'] : []));
    t.teardown(() => void execa('tmux', ['kill-session', '-t', session], { reject: false }));
    const screen = await waitFor((s) => s.includes('class progress') && s.includes('create-netns'), 'the dashboard');
    if (projector) {
      t.notMatch(screen, /alice|bob|carol/, 'projector mode shows no names');
      t.match(screen, /67% Copies of the host's interfaces/, 'the misconception, large');
    } else {
      t.match(screen, /alice\s+bring-lo-up \d+m/, 'alice passed two steps: she is on the third');
      t.match(screen, /! bob\s+create-netns/, 'bob is marked stuck (three failed checks)');
      t.match(screen, /carol\s+create-netns/);
      t.match(screen, /create-netns: 67% Copies of the host's interfaces/, 'how the class answered');
      t.match(screen, /bob: 01-netns\/create-netns check failed: no netns/, 'the event log');
      tmux('send-keys', '-t', session, 'm');
      await waitFor((s) => s.includes('Message to the class'), 'the message prompt');
      tmux('send-keys', '-t', session, '-l', 'Look at the panel');
      tmux('send-keys', '-t', session, 'Enter');
      await waitFor((s) => s.includes('message: Look at the panel'), 'the message on the dashboard');
      t.equal((await api<PublicState>('/api/state', server.record.token)).message?.text, 'Look at the panel', 'the broadcast reached the server');
    }
    tmux('send-keys', '-t', session, 'q');
    // q ends the dashboard, and with it the session.
    await waitForGone(session);
  }
});

/**
 * What the waitForFunction callbacks read of the page: they run in Chromium, while this
 * program is type-checked for Node (no DOM lib), so the page's globals are named here.
 */
interface PageGlobals {
  document: {
    querySelectorAll(selector: string): { length: number };
    getElementById(id: string): { textContent: string | null } | null;
  };
}

t.test('the web dashboard in headless Chromium, live over server-sent events', async (t) => {
  // Debian's Chromium, driven by playwright-core (which downloads no browser); each launch gets a fresh, empty profile.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${server.url}#token=${server.record.token}`);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelectorAll('#grid tr').length === 4, undefined, { timeout: 30_000 });
  t.match(await page.textContent('#title'), /^Dashboard class — join code [A-Z0-9]{4}-[A-Z0-9]{4}$/, 'the title with the join code, from the stream');
  t.match(await page.textContent('#predictions'), /67% Copies of the host's interfaces/, 'the misconception view');
  t.equal(await page.textContent('#grid tr.stuck td'), 'bob', 'bob is stuck (three failed checks)');
  t.equal(await page.textContent('#grid tr[data-learner="0"] td:nth-child(2)'), 'bring-lo-up (2)');
  // Live: the instructor broadcasts; the page changes without a reload.
  await api<unknown>('/api/control', server.record.token, { message: 'Step 2 now' });
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.getElementById('message')?.textContent === 'Message: Step 2 now', undefined, { timeout: 15_000 });
  t.pass('the broadcast appeared live on the page');
  const projector = await browser.newPage();
  await projector.goto(`${server.url}#token=${server.record.token}&projector=1`);
  await projector.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelectorAll('#grid tr').length === 4, undefined, { timeout: 30_000 });
  t.notMatch(await projector.content(), /alice|bob|carol/, 'projector mode: no names');
  t.match(await projector.textContent('#progress'), /3 learners, class progress 8% \(2\/24 steps\)/);
});
