/**
 * The learner's outbox: every lab event is appended to a JSON-lines file on
 * disk first (one small write, never the network), then sent in the
 * background. A cursor file says how many bytes the server has acknowledged.
 * Several processes may append (the TUI, a headless run) and send at once:
 * lines go in with O_APPEND in one write each, and two senders sending the
 * same event is harmless because the server stores each id once.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { LabEvent } from '../../lab/events.js';
import { queueCursorFile, queueFile } from '../paths.js';
import { MAX_BATCH, type EventsReply, type WireEvent } from '../wire.js';
import { call, HttpFailure, type Endpoint } from './http.js';

export interface FlushResult {
  sent: number;
  /** Events the server refused for good (bad input); kept in the queue file, skipped from now on. */
  rejected: number;
  pending: number;
  error?: string;
}

export class EventQueue {
  constructor(readonly dir: string) {}

  enqueue(event: LabEvent): WireEvent {
    const wire = { ...event, id: randomUUID(), at: new Date().toISOString() } as WireEvent;
    mkdirSync(this.dir, { recursive: true });
    appendFileSync(queueFile(this.dir), `${JSON.stringify(wire)}\n`);
    return wire;
  }

  private cursor(): number {
    try {
      return Number(readFileSync(queueCursorFile(this.dir), 'utf8')) || 0;
    } catch {
      return 0;
    }
  }

  private setCursor(offset: number): void {
    // Never move back: a slower sender finishing later must not resend what a faster one acknowledged.
    if (offset <= this.cursor()) return;
    const file = queueCursorFile(this.dir);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, String(offset));
    renameSync(temp, file);
  }

  /** Complete lines after the cursor, each with the byte offset just past it. A torn last line (a crash mid-write) waits. */
  pending(): { event: WireEvent; end: number }[] {
    let data: Buffer;
    try {
      data = readFileSync(queueFile(this.dir));
    } catch {
      return [];
    }
    const out: { event: WireEvent; end: number }[] = [];
    let start = this.cursor();
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      try {
        out.push({ event: JSON.parse(data.subarray(start, nl).toString('utf8')) as WireEvent, end: nl + 1 });
      } catch {
        // A damaged line cannot be sent; the ones after it still are.
      }
      start = nl + 1;
    }
    return out;
  }

  /** Sends what is pending, a batch at a time, until done or the server is away. */
  async flush(endpoint: Endpoint, timeoutMs = 5000): Promise<FlushResult> {
    const all = this.pending();
    const result: FlushResult = { sent: 0, rejected: 0, pending: all.length };
    const send = async (events: WireEvent[]): Promise<'ok' | 'refused' | 'later'> => {
      try {
        await call<EventsReply>(endpoint, 'POST', '/api/events', { events }, timeoutMs);
        return 'ok';
      } catch (error) {
        result.error = error instanceof Error ? error.message : String(error);
        // 400/404/413/422: this input will never be accepted. Anything else (no answer, 401, 429, 5xx) may pass later.
        const refused = error instanceof HttpFailure && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 429;
        return refused ? 'refused' : 'later';
      }
    };
    for (let i = 0; i < all.length; i += MAX_BATCH) {
      const batch = all.slice(i, i + MAX_BATCH);
      const outcome = await send(batch.map((b) => b.event));
      if (outcome === 'later') return result;
      if (outcome === 'ok') result.sent += batch.length;
      else {
        // One bad event refuses its batch: send one by one and skip only the refused.
        for (const one of batch) {
          const single = await send([one.event]);
          if (single === 'later') return result;
          if (single === 'ok') result.sent++;
          else result.rejected++;
          this.setCursor(one.end);
          result.pending--;
        }
        continue;
      }
      this.setCursor(batch[batch.length - 1]!.end);
      result.pending -= batch.length;
    }
    if (result.pending === 0 && result.rejected === 0) delete result.error;
    return result;
  }
}
