/**
 * `tslab doctor [--json]`: what this host has and lacks for tslab, one line per
 * check, with the fix under anything that is not ok. Plain text, no Ink: it must
 * start fast and work over any terminal or pipe.
 */
import { runDoctor, type DoctorCheck, type DoctorReport } from '../engine/doctor/index.js';

const marks: Record<DoctorCheck['status'], string> = { ok: 'ok', warn: 'warn', missing: 'MISS' };

export interface DoctorIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: DoctorIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const usage = 'usage: tslab doctor [--json]\n';

export async function doctorCommand(args: string[], io: DoctorIo = processIo): Promise<number> {
  const json = args.includes('--json');
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${usage}Checks what tslab needs from this host and how to fix what is missing.\n`);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== '--json');
  if (unknown.length > 0) {
    io.stderr(`tslab doctor: unknown argument ${unknown[0]}\n${usage}`);
    return 2;
  }
  const report = await runDoctor();
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
  return report.ok ? 0 : 1;
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

/** A table of checks that fits `columns` (80 by default): mark, title, detail, then `fix:` lines. */
export function formatDoctorReport(report: DoctorReport, columns = 80): string {
  const markWidth = 4;
  const titleWidth = Math.min(22, Math.max(...report.checks.map((c) => c.title.length)));
  const indent = markWidth + 2 + titleWidth + 2;
  const textWidth = Math.max(20, columns - indent);
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const c of report.checks) {
    const title = c.title.length > titleWidth ? `${c.title.slice(0, titleWidth - 1)}~` : c.title.padEnd(titleWidth);
    const [first = '', ...rest] = wrap(c.detail, textWidth);
    out.push(`${marks[c.status].padEnd(markWidth)}  ${title}  ${first}`.trimEnd());
    for (const line of rest) out.push(pad + line);
    if (c.status !== 'ok' && c.fix) {
      const [fixFirst = '', ...fixRest] = wrap(`fix: ${c.fix}`, textWidth);
      out.push(pad + fixFirst);
      for (const line of fixRest) out.push(`${pad}     ${line}`);
    }
  }
  const missing = report.checks.filter((c) => c.required && c.status === 'missing').length;
  const warnings = report.checks.filter((c) => c.status !== 'ok' && !(c.required && c.status === 'missing')).length;
  out.push('');
  if (missing > 0) out.push(`${missing} required item${missing === 1 ? ' is' : 's are'} missing: apply the fixes above, then run \`tslab doctor\` again.`);
  else out.push(`Ready: everything tslab needs is here${warnings > 0 ? ` (${warnings} note${warnings === 1 ? '' : 's'} above)` : ''}.`);
  return `${out.flatMap((line) => (line.length > columns ? wrap(line, columns) : [line])).join('\n')}\n`;
}
