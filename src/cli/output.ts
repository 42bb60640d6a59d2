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

/** Columns padded to the widest cell, for ps and friends. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('   ')).join('\n');
}
