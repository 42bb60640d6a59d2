/** --trace: print what tslab does on the host, as it does it, in the form a learner could type. */
import type { Transcript } from '../engine/transcript.js';

export function printTranscript(transcript: Transcript, out: NodeJS.WritableStream = process.stderr): () => void {
  const prefix: Record<string, string> = { command: '$ ', write: '$ ', syscall: '  [shim] ', note: '# ' };
  return transcript.subscribe((entry) => out.write(`${prefix[entry.kind] ?? ''}${entry.text}\n`));
}
