/**
 * The learner's side of a workshop: joining (a record on disk with the
 * server's address and the learner's token), and a client that queues every
 * lab event on disk and sends it in the background, and polls the workshop's
 * public state for the status bar. Nothing here ever makes the lab wait.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { onLabEvent } from '../../lab/events.js';
import { learnerFile, workshopDir } from '../paths.js';
import type { JoinReply, PublicState } from '../wire.js';
import { call, parseJoinTarget, type Endpoint } from './http.js';
import { EventQueue, type FlushResult } from './queue.js';

export interface LearnerRecord extends JoinReply {
  url: string;
  code: string;
  name: string;
}

export interface WorkshopStatus {
  name: string;
  message: string | null;
  /** Lessons from this index on are locked by the instructor; null: all open. */
  paceLock: number | null;
  /** Hint levels the instructor released to everyone, by "lesson/step". */
  hints: Record<string, number>;
  /** Whether the last attempt to reach the server worked, and how many events wait to be sent. */
  online: boolean;
  queued: number;
}

export function readLearnerRecord(dir = workshopDir()): LearnerRecord | undefined {
  try {
    return JSON.parse(readFileSync(learnerFile(dir), 'utf8')) as LearnerRecord;
  } catch {
    return undefined;
  }
}

export async function joinWorkshop(target: string, name: string, dir = workshopDir()): Promise<LearnerRecord> {
  const { url, code } = parseJoinTarget(target);
  // Generous: at the start of a class everyone joins at once, and the lab is not waiting on it.
  const reply = await call<JoinReply>({ url }, 'POST', '/api/join', { code, name }, 30_000);
  const record: LearnerRecord = { ...reply, url, code, name };
  mkdirSync(dir, { recursive: true });
  const file = learnerFile(dir);
  // The token is the learner's credential: readable by them only.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return record;
}

export function leaveWorkshop(dir = workshopDir()): void {
  rmSync(learnerFile(dir), { force: true });
}

export interface LearnerClient {
  record: LearnerRecord;
  status(): WorkshopStatus;
  onStatus(listener: (status: WorkshopStatus) => void): () => void;
  /** Sends what is queued now; resolves within `timeoutMs` whatever the server does. */
  flush(timeoutMs?: number): Promise<FlushResult>;
  stop(): void;
}

export interface ClientOptions {
  /** How soon after an event the background send starts, and how often the state is polled. */
  sendDelayMs?: number;
  pollMs?: number;
}

/** The client for the workshop this learner joined, or undefined when they joined none. */
export function startLearnerClient(dir = workshopDir(), options: ClientOptions = {}): LearnerClient | undefined {
  const record = readLearnerRecord(dir);
  if (!record) return undefined;
  const endpoint: Endpoint = { url: record.url, token: record.token };
  const queue = new EventQueue(path.resolve(dir));
  const listeners = new Set<(s: WorkshopStatus) => void>();
  let status: WorkshopStatus = { name: record.workshop.name, message: null, paceLock: null, hints: {}, online: false, queued: queue.pending().length };
  const publish = (next: Partial<WorkshopStatus>) => {
    status = { ...status, ...next };
    for (const l of listeners) l(status);
  };
  let sending: Promise<FlushResult> | undefined;
  const flush = (timeoutMs = 5000): Promise<FlushResult> => {
    // One send at a time per process; a second caller waits for the same one, then sends what came after.
    const run = async () => {
      const result = await queue.flush(endpoint, timeoutMs);
      publish({ online: !result.error || result.sent > 0, queued: result.pending });
      return result;
    };
    sending = (sending ?? Promise.resolve(undefined)).then(run, run).finally(() => undefined);
    return sending;
  };
  let timer: NodeJS.Timeout | undefined;
  const unlisten = onLabEvent((event) => {
    queue.enqueue(event);
    publish({ queued: status.queued + 1 });
    if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        void flush();
      }, options.sendDelayMs ?? 200);
      timer.unref();
    }
  });
  const poll = async () => {
    try {
      const state = await call<PublicState>(endpoint, 'GET', '/api/state', undefined, 3000);
      publish({ name: state.name, message: state.message?.text ?? null, paceLock: state.paceLock, hints: Object.fromEntries(state.hintReleases.map((h) => [`${h.lesson}/${h.step}`, h.level])), online: true });
      if (status.queued > 0) await flush();
    } catch {
      publish({ online: false });
    }
  };
  const poller = setInterval(() => void poll(), options.pollMs ?? 5000);
  poller.unref();
  void poll();
  return {
    record,
    status: () => status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    stop() {
      unlisten();
      clearInterval(poller);
      if (timer) clearTimeout(timer);
    },
  };
}
