/**
 * The transcript is "what tslab did": every host command, kernel file write and
 * shim syscall the engine performs, written as the command a learner could type
 * to do the same by hand. Lessons show it; `--debug` prints it.
 */

export type TranscriptKind = 'command' | 'write' | 'syscall' | 'note';

export interface TranscriptEntry {
  kind: TranscriptKind;
  /** Shell-like text a learner could type, e.g. `ip link add tsl1 type veth ...`. */
  text: string;
  at: number;
}

type Listener = (entry: TranscriptEntry) => void;

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  readonly #listeners = new Set<Listener>();

  record(kind: TranscriptKind, text: string): void {
    const entry: TranscriptEntry = { kind, text, at: Date.now() };
    this.entries.push(entry);
    for (const listener of this.#listeners) listener(entry);
  }

  /** Returns an unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Entries recorded from `mark` on; a lesson step takes a mark before it runs. */
  since(mark: number): TranscriptEntry[] {
    return this.entries.slice(mark);
  }

  get length(): number {
    return this.entries.length;
  }
}

/** Quote an argument the way a shell would need it, for display only (never executed). */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
