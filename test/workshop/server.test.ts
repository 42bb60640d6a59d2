/**
 * The workshop server's rules, on SQLite and on a real PostgreSQL: join codes,
 * tokens (401/403), schemas, size and rate limits, idempotent events, controls,
 * and that every refused request changes nothing.
 */
import { randomUUID } from 'node:crypto';
import t, { type Test } from 'tap';
import { openWorkshopDb } from '../../src/workshop/db/connect.js';
import type { DashboardData } from '../../src/workshop/dashboard/model.js';
import { buildServer } from '../../src/workshop/server.js';
import { WorkshopStore } from '../../src/workshop/store.js';
import { eachBackend } from './backends.js';

const isRoot = process.geteuid?.() === 0;
const event = (kind: string, extra: Record<string, unknown> = {}) => ({ id: randomUUID(), at: new Date().toISOString(), kind, lesson: '01-netns', ...extra });

async function setup(t: Test, database: string, eventsPerMinute = 600) {
  const { db, close } = await openWorkshopDb(database);
  const store = new WorkshopStore(db);
  const app = buildServer({ store, eventsPerMinute });
  t.teardown(async () => {
    await app.close();
    await close();
  });
  const { workshop, token } = await store.create('Test class', ['01-netns'], 1);
  const as = (who: string | undefined) => (who ? { authorization: `Bearer ${who}` } : {});
  const post = (url: string, payload: unknown, who?: string) => app.inject({ method: 'POST', url, payload: payload as object, headers: as(who) });
  const get = (url: string, who?: string) => app.inject({ method: 'GET', url, headers: as(who) });
  const join = async (name: string) => (await post('/api/join', { code: workshop.code, name })).json() as { token: string; learnerId: string };
  const stored = async () => (await store.events(workshop)).length;
  return { app, store, workshop, instructor: token, post, get, join, stored };
}

eachBackend(t, isRoot, async (t, backend) => {
  await t.test('join: a code people type (any case, dash optional) joins; a wrong one is 404', async (t) => {
    const s = await setup(t, await backend.fresh());
    const plain = s.workshop.code.replace('-', '').toLowerCase();
    const ok = await s.post('/api/join', { code: plain, name: 'ada' });
    t.equal(ok.statusCode, 200, ok.body);
    t.equal(ok.json().workshop.name, 'Test class');
    t.same(ok.json().workshop.lessons, ['01-netns']);
    t.equal((await s.post('/api/join', { code: 'AAAA-AAAA', name: 'eve' })).statusCode, 404);
    t.equal((await s.post('/api/join', { code: s.workshop.code, name: '' })).statusCode, 400, 'empty name');
    t.equal((await s.store.learners(s.workshop)).length, 1, 'only the good join made a learner');
  });

  await t.test('tokens: none or unknown is 401, the wrong role is 403, and nothing changes', async (t) => {
    const s = await setup(t, await backend.fresh());
    const learner = await s.join('ada');
    const body = { events: [event('lesson-opened')] };
    t.equal((await s.post('/api/events', body)).statusCode, 401);
    t.equal((await s.post('/api/events', body, 'not-a-token')).statusCode, 401);
    t.equal((await s.post('/api/events', body, s.instructor)).statusCode, 403, 'the instructor does not write learners\' events');
    t.equal((await s.get('/api/dashboard', learner.token)).statusCode, 403);
    t.equal((await s.get('/api/report', learner.token)).statusCode, 403);
    t.equal((await s.post('/api/control', { message: 'hi' }, learner.token)).statusCode, 403);
    t.equal(await s.stored(), 0);
    t.equal((await s.store.publicState(s.workshop)).message, null);
    t.equal((await s.get('/api/state', learner.token)).statusCode, 200, 'a learner reads the public state');
  });

  await t.test('bad bodies: malformed JSON, oversized, unknown fields, unknown lesson or step get 4xx and store nothing', async (t) => {
    const s = await setup(t, await backend.fresh());
    const { token } = await s.join('ada');
    const malformed = await s.app.inject({ method: 'POST', url: '/api/events', payload: '{"events": [', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    t.equal(malformed.statusCode, 400);
    t.ok(malformed.json().error, 'a clear error');
    const big = await s.post('/api/events', { events: [event('check', { step: 'create-netns', ok: false, detail: 'x'.repeat(70_000) })] }, token);
    t.equal(big.statusCode, 413);
    t.equal((await s.post('/api/events', { events: [event('lesson-opened', { extra: 1 })] }, token)).statusCode, 400, 'unknown field');
    t.equal((await s.post('/api/events', { events: [event('lesson-opened', { lesson: '02-pid-uts-ipc' })] }, token)).statusCode, 400, 'lesson outside the workshop');
    const unknownStep = await s.post('/api/events', { events: [event('check', { step: 'no-such-step', ok: true })] }, token);
    t.equal(unknownStep.statusCode, 400);
    t.match(unknownStep.json().hint, /create-netns/);
    t.equal((await s.post('/api/events', { events: [event('lesson-opened'), event('hint', { step: 'nope', level: 1 })] }, token)).statusCode, 400, 'one bad event refuses the batch');
    t.equal((await s.post('/api/events', { events: Array.from({ length: 101 }, () => event('lesson-opened')) }, token)).statusCode, 400, 'at most 100 a request');
    t.equal(await s.stored(), 0);
  });

  await t.test('events are stored once: a replayed id is a duplicate and changes nothing', async (t) => {
    const s = await setup(t, await backend.fresh());
    const ada = await s.join('ada');
    const bob = await s.join('bob');
    const batch = [event('lesson-opened'), event('check', { step: 'create-netns', ok: true, detail: 'ok' }), event('prediction', { step: 'create-netns', choice: 1 })];
    t.same((await s.post('/api/events', { events: batch }, ada.token)).json(), { stored: 3, duplicates: 0 });
    t.same((await s.post('/api/events', { events: batch }, ada.token)).json(), { stored: 0, duplicates: 3 });
    // Another learner sending the same ids writes only their own events.
    t.same((await s.post('/api/events', { events: batch }, bob.token)).json(), { stored: 3, duplicates: 0 });
    t.equal(await s.stored(), 6);
    const dash = (await s.get('/api/dashboard', s.instructor)).json() as DashboardData;
    t.same(dash.learners.map((l) => [l.name, l.lessons['01-netns']?.done, l.lessons['01-netns']?.step]), [['ada', 1, 'ping-lo-down'], ['bob', 1, 'ping-lo-down']]);
    const predict = dash.predictions.find((p) => p.step === 'create-netns');
    t.same(predict?.choices.map((c) => c.count), [0, 2, 0]);
  });

  await t.test('rate limit per learner: over the budget is 429 and not stored; others are not affected', async (t) => {
    const s = await setup(t, await backend.fresh(), 5);
    const ada = await s.join('ada');
    const bob = await s.join('bob');
    t.equal((await s.post('/api/events', { events: Array.from({ length: 5 }, () => event('lesson-opened')) }, ada.token)).statusCode, 200);
    const over = await s.post('/api/events', { events: [event('lesson-opened')] }, ada.token);
    t.equal(over.statusCode, 429);
    t.equal(over.headers['retry-after'], '60');
    t.equal((await s.post('/api/events', { events: [event('lesson-opened')] }, bob.token)).statusCode, 200);
    t.equal(await s.stored(), 6);
  });

  await t.test('controls: message, pace lock and hint release reach the public state; bad ones are refused', async (t) => {
    const s = await setup(t, await backend.fresh());
    const ada = await s.join('ada');
    t.equal((await s.post('/api/control', { message: 'Break until 11:00' }, s.instructor)).statusCode, 200);
    t.equal((await s.post('/api/control', { paceLock: 1 }, s.instructor)).statusCode, 200);
    t.equal((await s.post('/api/control', { releaseHint: { lesson: '01-netns', step: 'move-veth', level: 2 } }, s.instructor)).statusCode, 200);
    t.equal((await s.post('/api/control', { releaseHint: { lesson: '01-netns', step: 'nope', level: 2 } }, s.instructor)).statusCode, 400);
    t.equal((await s.post('/api/control', {}, s.instructor)).statusCode, 400, 'an empty control');
    const state = (await s.get('/api/state', ada.token)).json();
    t.equal(state.message.text, 'Break until 11:00');
    t.equal(state.paceLock, 1);
    t.same(state.hintReleases, [{ lesson: '01-netns', step: 'move-veth', level: 2 }]);
  });

  await t.test('an expired workshop: its code no longer joins, its tokens get 401', async (t) => {
    const s = await setup(t, await backend.fresh());
    const ada = await s.join('ada');
    const { workshop } = await s.store.create('Old class', ['01-netns'], 0.000_001);
    await new Promise((r) => setTimeout(r, 20));
    t.equal((await s.post('/api/join', { code: workshop.code, name: 'late' })).statusCode, 404);
    t.equal((await s.get('/api/state', ada.token)).statusCode, 200, 'the other, live workshop still works');
  });
});
