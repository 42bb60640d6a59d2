/**
 * The learner's outbox against a stand-in server whose answers the test
 * chooses: queued while the server is away, sent in order when it is back,
 * a refused event skipped (not retried forever), a torn last line left for later.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { EventQueue } from '../../src/workshop/client/queue.js';
import { queueFile } from '../../src/workshop/paths.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tslab-test-queue-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

let answer: (events: { kind: string; lesson: string }[]) => number = () => 200;
const received: string[] = [];
const server: Server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const { events } = JSON.parse(body) as { events: { id: string; kind: string; lesson: string }[] };
    const status = answer(events);
    if (status === 200) received.push(...events.map((e) => e.lesson));
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 200 ? { stored: events.length, duplicates: 0 } : { error: 'no', hint: 'no' }));
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => server.close());
const address = server.address();
const up = { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`, token: 'x' };
const down = { url: 'http://127.0.0.1:1/', token: 'x' };

t.test('queued while away, sent in order when back, each once', async (t) => {
  const queue = new EventQueue(dir);
  for (const lesson of ['a', 'b', 'c']) queue.enqueue({ kind: 'lesson-opened', lesson });
  const away = await queue.flush(down, 1000);
  t.equal(away.sent, 0);
  t.equal(away.pending, 3, 'all three wait');
  t.match(away.error, /does not answer/);
  const back = await queue.flush(up);
  t.same([back.sent, back.pending, back.error], [3, 0, undefined]);
  t.same(received, ['a', 'b', 'c']);
  t.same((await queue.flush(up)).sent, 0, 'nothing is sent twice');
});

t.test('a refused event is skipped, a busy server (429) keeps the rest for later', async (t) => {
  const queue = new EventQueue(dir);
  received.length = 0;
  for (const lesson of ['ok1', 'bad', 'ok2']) queue.enqueue({ kind: 'lesson-opened', lesson });
  answer = (events) => (events.some((e) => e.lesson === 'bad') ? 400 : 200);
  const result = await queue.flush(up);
  t.same([result.sent, result.rejected, result.pending], [2, 1, 0]);
  t.same(received, ['ok1', 'ok2']);
  queue.enqueue({ kind: 'lesson-opened', lesson: 'later' });
  answer = () => 429;
  t.equal((await queue.flush(up)).pending, 1, 'kept');
  answer = () => 200;
  t.equal((await queue.flush(up)).sent, 1);
});

t.test('a torn last line (a crash mid-write) waits; a damaged line in the middle is passed over', async (t) => {
  const queue = new EventQueue(dir);
  appendFileSync(queueFile(dir), 'not json\n');
  queue.enqueue({ kind: 'lesson-opened', lesson: 'after' });
  appendFileSync(queueFile(dir), '{"kind":"lesson-op');
  t.same(queue.pending().map((p) => (p.event as { lesson: string }).lesson), ['after']);
  t.ok(readFileSync(queueFile(dir), 'utf8').endsWith('lesson-op'), 'the torn line is still there');
});
