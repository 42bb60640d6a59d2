/**
 * `--format` as docker applies it: `\t` and `\n` typed in the shell become a
 * tab and a newline; a `table` format gets a header row and its tab-separated
 * cells aligned like Go's tabwriter in docker (min width 10, padding 3).
 */
import { execute, parseTemplate } from './template.js';

/** Column titles for fields (`ID` -> `CONTAINER ID`); other fields get their name in capitals. */
export type Headers = Readonly<Record<string, string>>;

const preformat = (format: string): string => format.replaceAll('\\t', '\t').replaceAll('\\n', '\n');

export const isTable = (format: string): boolean => format.trimStart().startsWith('table');

/** One output line per row (a format may itself print several). `table` alone means the command's default columns. */
export function renderFormat(format: string, rows: readonly unknown[], headers: Headers, defaultTable: string): string[] {
  if (!isTable(format)) {
    const template = parseTemplate(preformat(format));
    return rows.map((row) => execute(template, row));
  }
  const body = format.trimStart().slice('table'.length).trim() || defaultTable;
  const template = parseTemplate(preformat(body));
  const header = execute(template, undefined, { headers: (path) => headers[path.join('.')] ?? headers[path[0]!] ?? path[path.length - 1]!.toUpperCase() });
  return alignColumns([header, ...rows.map((row) => execute(template, row))]);
}

/** Tab-separated cells padded to their column's widest cell + 3 (10 at least); the last cell of a line is not padded. */
export function alignColumns(lines: readonly string[]): string[] {
  const cells = lines.flatMap((line) => line.split('\n')).map((line) => line.split('\t'));
  const widths: number[] = [];
  for (const row of cells) row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return cells.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(Math.max(widths[i]! + 3, 10)) : cell)).join(''));
}
