/**
 * Every read and write of a workshop, on either database, through Kysely. The
 * server keeps nothing between requests: whatever it knows is here, so several
 * servers can share one PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, EventTable, LearnerTable, WorkshopTable } from './db/schema.js';
import { hashToken, newJoinCode, newToken, normalizeCode } from './tokens.js';
import type { JoinReply, PublicState, WireEvent } from './wire.js';

export type Workshop = WorkshopTable;
export type Learner = LearnerTable;
export type StoredEvent = Selectable<EventTable>;

export type Caller = { role: 'instructor'; workshop: Workshop } | { role: 'learner'; workshop: Workshop; learner: Learner };

const nowIso = () => new Date().toISOString();

export class WorkshopStore {
  constructor(readonly db: Kysely<Database>) {}

  async create(name: string, lessons: string[], hours: number): Promise<{ workshop: Workshop; token: string }> {
    const token = newToken();
    const now = new Date();
    const workshop: Workshop = {
      id: randomUUID(),
      name,
      code: newJoinCode(),
      instructor_token_hash: hashToken(token),
      lessons: JSON.stringify(lessons),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + hours * 3_600_000).toISOString(),
      pace_lock: null,
      message: null,
      message_at: null,
    };
    await this.db.insertInto('workshops').values(workshop).execute();
    return { workshop, token };
  }

  async byId(id: string): Promise<Workshop | undefined> {
    return this.db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A live workshop by its join code; expired ones are not found. */
  async byCode(code: string): Promise<Workshop | undefined> {
    return this.db.selectFrom('workshops').selectAll().where('code', '=', normalizeCode(code)).where('expires_at', '>', nowIso()).executeTakeFirst();
  }

  async join(workshop: Workshop, name: string): Promise<JoinReply> {
    const token = newToken();
    const learner: Learner = { id: randomUUID(), workshop_id: workshop.id, name, token_hash: hashToken(token), joined_at: nowIso(), window_start: '', window_count: 0 };
    await this.db.insertInto('learners').values(learner).execute();
    return { learnerId: learner.id, token, workshop: { id: workshop.id, name: workshop.name, lessons: lessonsOf(workshop) } };
  }

  /** Who holds this token: the instructor of a live workshop, one of its learners, or nobody. */
  async caller(token: string): Promise<Caller | undefined> {
    const hash = hashToken(token);
    const now = nowIso();
    const workshop = await this.db.selectFrom('workshops').selectAll().where('instructor_token_hash', '=', hash).where('expires_at', '>', now).executeTakeFirst();
    if (workshop) return { role: 'instructor', workshop };
    const learner = await this.db.selectFrom('learners').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    if (!learner) return undefined;
    const its = await this.byId(learner.workshop_id);
    return its && its.expires_at > now ? { role: 'learner', workshop: its, learner } : undefined;
  }

  /**
   * Counts `n` events against the learner's per-minute budget, in one
   * statement (no read-then-write race between servers). False: over budget.
   */
  async spend(learner: Learner, n: number, perMinute: number): Promise<boolean> {
    const window = nowIso().slice(0, 16);
    const row = await this.db
      .updateTable('learners')
      .set({
        window_count: sql<number>`CASE WHEN window_start = ${window} THEN window_count + ${n} ELSE ${n} END`,
        window_start: window,
      })
      .where('id', '=', learner.id)
      .returning('window_count')
      .executeTakeFirstOrThrow();
    return row.window_count <= perMinute;
  }

  /** Stores each event once per learner; a replayed id is counted as a duplicate and changes nothing. */
  async addEvents(learner: Learner, events: WireEvent[]): Promise<{ stored: number; duplicates: number }> {
    if (events.length === 0) return { stored: 0, duplicates: 0 };
    const received = nowIso();
    const rows = events.map((e) => toRow(learner, e, received));
    const result = await this.db
      .insertInto('events')
      .values(rows)
      .onConflict((oc) => oc.columns(['learner_id', 'id']).doNothing())
      .executeTakeFirst();
    const stored = Number(result.numInsertedOrUpdatedRows ?? 0n);
    return { stored, duplicates: events.length - stored };
  }

  async setMessage(workshop: Workshop, text: string): Promise<void> {
    await this.db.updateTable('workshops').set({ message: text, message_at: nowIso() }).where('id', '=', workshop.id).execute();
  }

  async setPaceLock(workshop: Workshop, lock: number | null): Promise<void> {
    await this.db.updateTable('workshops').set({ pace_lock: lock }).where('id', '=', workshop.id).execute();
  }

  async releaseHint(workshop: Workshop, lesson: string, step: string, level: number): Promise<void> {
    await this.db
      .insertInto('hint_releases')
      .values({ workshop_id: workshop.id, lesson, step, level, released_at: nowIso() })
      .onConflict((oc) => oc.columns(['workshop_id', 'lesson', 'step']).doUpdateSet({ level, released_at: nowIso() }))
      .execute();
  }

  async publicState(workshop: Workshop): Promise<PublicState> {
    const fresh = (await this.byId(workshop.id)) ?? workshop;
    const releases = await this.db.selectFrom('hint_releases').select(['lesson', 'step', 'level']).where('workshop_id', '=', workshop.id).orderBy('lesson').orderBy('step').execute();
    return {
      name: fresh.name,
      lessons: lessonsOf(fresh),
      message: fresh.message && fresh.message_at ? { text: fresh.message, at: fresh.message_at } : null,
      paceLock: fresh.pace_lock,
      hintReleases: releases,
      expiresAt: fresh.expires_at,
    };
  }

  async learners(workshop: Workshop): Promise<Learner[]> {
    return this.db.selectFrom('learners').selectAll().where('workshop_id', '=', workshop.id).orderBy('joined_at').orderBy('id').execute();
  }

  async events(workshop: Workshop): Promise<StoredEvent[]> {
    return this.db.selectFrom('events').selectAll().where('workshop_id', '=', workshop.id).orderBy('seq').execute();
  }

  /** The newest event's seq and the workshop's controls, cheap to poll: the live stream redraws when it changes. */
  async version(workshop: Workshop): Promise<string> {
    const row = await this.db.selectFrom('events').select((eb) => [eb.fn.max('seq').as('seq'), eb.fn.countAll().as('n')]).where('workshop_id', '=', workshop.id).executeTakeFirst();
    const learners = await this.db.selectFrom('learners').select((eb) => eb.fn.countAll().as('n')).where('workshop_id', '=', workshop.id).executeTakeFirst();
    const fresh = await this.byId(workshop.id);
    return JSON.stringify([row?.seq ?? 0, row?.n ?? 0, learners?.n ?? 0, fresh?.message_at, fresh?.pace_lock]);
  }
}

export function lessonsOf(workshop: Workshop): string[] {
  return JSON.parse(workshop.lessons) as string[];
}

function toRow(learner: Learner, e: WireEvent, received: string): Omit<EventTable, 'seq'> {
  const pick = <K extends string>(key: K): unknown => (e as unknown as Record<string, unknown>)[key];
  const num = (key: string): number | null => (typeof pick(key) === 'number' ? (pick(key) as number) : null);
  const ok = pick('ok');
  return {
    id: e.id,
    workshop_id: learner.workshop_id,
    learner_id: learner.id,
    kind: e.kind,
    lesson: e.lesson,
    step: 'step' in e ? e.step : null,
    ok: typeof ok === 'boolean' ? Number(ok) : null,
    detail: typeof pick('detail') === 'string' ? (pick('detail') as string) : null,
    choice: num('choice'),
    level: num('level'),
    ms: num('ms'),
    at: e.at,
    received_at: received,
  };
}
