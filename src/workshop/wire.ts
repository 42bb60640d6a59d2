/**
 * What learners and the server exchange: events as the lab emits them, with an
 * id (for idempotence) and the time they happened on the learner's machine.
 * Shared by the client (which must stay light) and the server's schemas.
 */
import type { LabEvent } from '../lab/events.js';

export type WireEvent = LabEvent & { id: string; at: string };

export const EVENT_KINDS = ['lesson-opened', 'step-run', 'step-hand', 'check', 'prediction', 'hint', 'step-time'] as const;

/** At most this many events in one POST; a learner's backlog goes in several. */
export const MAX_BATCH = 100;

export interface JoinReply {
  learnerId: string;
  token: string;
  workshop: { id: string; name: string; lessons: string[] };
}

/** What every member of the workshop may read (learners poll it for the status bar). */
export interface PublicState {
  name: string;
  lessons: string[];
  message: { text: string; at: string } | null;
  /** Lessons from this index on are locked; null: all open. */
  paceLock: number | null;
  hintReleases: { lesson: string; step: string; level: number }[];
  expiresAt: string;
}

export interface EventsReply {
  stored: number;
  duplicates: number;
}
