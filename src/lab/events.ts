/**
 * Progress events, told as they happen to whoever listens (a workshop client
 * queues them for the instructor). One process is one learner, so the lab's
 * emit points (runner, progress store, the TUI) share one emitter instead of
 * threading a sink through every constructor. Listeners must not block or
 * throw: the lab never waits on them.
 */
export type LabEvent =
  | { kind: 'lesson-opened'; lesson: string }
  /** A step's run finished (`ms` is how long the run took; `replayed` when reaching a later step). */
  | { kind: 'step-run'; lesson: string; step: string; ok: boolean; ms: number; replayed?: boolean }
  | { kind: 'step-hand'; lesson: string; step: string }
  | { kind: 'check'; lesson: string; step: string; ok: boolean; detail: string }
  | { kind: 'prediction'; lesson: string; step: string; choice: number; correct: boolean }
  | { kind: 'hint'; lesson: string; step: string; level: number }
  /** Time the learner spent on a step before moving on. */
  | { kind: 'step-time'; lesson: string; step: string; ms: number };

export type LabEventListener = (event: LabEvent) => void;

const listeners = new Set<LabEventListener>();

export function onLabEvent(listener: LabEventListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitLabEvent(event: LabEvent): void {
  for (const listener of listeners) {
    try {
      listener(event);
    } catch {
      // A listener's failure (a full disk for the queue) must not stop a lesson.
    }
  }
}
