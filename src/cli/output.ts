/** How the CLI speaks: one line of error with its hint; a stack trace only for bugs, only with TSLAB_DEBUG. */
import { isTslabError } from '../engine/errors.js';

export function printError(error: unknown, hint?: string): void {
  if (isTslabError(error)) {
    process.stderr.write(`tslab: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    if (process.env.TSLAB_DEBUG) process.stderr.write(`  code: ${error.code}\n${JSON.stringify(error.context ?? {}, null, 2)}\n`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tslab: ${message}\n`);
  if (hint) process.stderr.write(`  hint: ${hint}\n`);
  else process.stderr.write('  hint: this is a bug in tslab; run again with TSLAB_DEBUG=1 and report what it prints\n');
  if (process.env.TSLAB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
}

/** Lines to stdout, each ended by a newline (none at all for no lines). */
export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
}

/** Wrap `text` to `width` columns, breaking at spaces (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
