/** The workshop database's tables, as Kysely types: one schema for SQLite and PostgreSQL. */
import type { Generated } from 'kysely';

export interface WorkshopTable {
  id: string;
  name: string;
  /** The join code learners type (XXXX-XXXX), unique while the workshop lives. */
  code: string;
  /** sha256 of the instructor's token; the token itself is only on the instructor's disk. */
  instructor_token_hash: string;
  /** JSON array of lesson ids in scope. */
  lessons: string;
  created_at: string;
  expires_at: string;
  /** Lessons after this index (0-based, into `lessons`) are locked; null: none locked. */
  pace_lock: number | null;
  message: string | null;
  message_at: string | null;
}

export interface LearnerTable {
  id: string;
  workshop_id: string;
  name: string;
  token_hash: string;
  joined_at: string;
  /** Rate limit window (ISO minute) and the events counted in it; kept here so no server holds state. */
  window_start: string;
  window_count: number;
}

export interface EventTable {
  /** Order of arrival, for the dashboard's log and the live stream's cursor. */
  seq: Generated<number>;
  /** The learner's id for the event (a UUID): stored once per learner, replays are ignored. */
  id: string;
  workshop_id: string;
  learner_id: string;
  kind: string;
  lesson: string;
  step: string | null;
  ok: number | null;
  detail: string | null;
  choice: number | null;
  level: number | null;
  ms: number | null;
  /** When it happened on the learner's machine, and when the server stored it. */
  at: string;
  received_at: string;
}

export interface HintReleaseTable {
  workshop_id: string;
  lesson: string;
  step: string;
  level: number;
  released_at: string;
}

export interface Database {
  workshops: WorkshopTable;
  learners: LearnerTable;
  events: EventTable;
  hint_releases: HintReleaseTable;
}
