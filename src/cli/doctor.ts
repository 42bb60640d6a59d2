/**
 * `tslab doctor [--json]`: what this host has and lacks for tslab, one line per
 * check, with the fix under anything that is not ok. Plain text, no Ink: it must
 * start fast and work over any terminal or pipe.
 */
import { runDoctor, type DoctorCheck, type DoctorReport } from '../engine/doctor/index.js';
import { TslabError } from '../engine/errors.js';
import { flag } from './args.js';
import { doctor } from './commands/machine.js';
import { parseCommand, usageLine } from './help.js';
import { wrap } from './output.js';

export { wrap } from './output.js';

const marks: Record<DoctorCheck['status'], string> = { ok: 'ok', warn: 'warn', missing: 'missing', unavailable: 'n/a' };

export interface DoctorIo {
  stdout: (text: string) => void;
}

const processIo: DoctorIo = {
  stdout: (text) => process.stdout.write(text),
};

export async function doctorCommand(argv: string[], io: DoctorIo = processIo): Promise<number> {
  const args = parseCommand(doctor, argv, io.stdout);
  if (!args) return 0;
  if (args.positionals.length > 0) throw new TslabError('E_USAGE', `doctor takes no arguments, got ${args.positionals[0]}`, { hint: `usage: ${usageLine(doctor)}` });
  const json = flag(args, 'json');
  const report = await runDoctor();
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
  return report.ok ? 0 : 1;
}

/** A table of checks that fits `columns` (80 by default): mark, title, detail, then `fix:` lines. */
export function formatDoctorReport(report: DoctorReport, columns = 80): string {
  const markWidth = 7;
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
  const warnings = report.checks.filter((c) => c.status === 'warn' || (!c.required && c.status === 'missing')).length;
  out.push('');
  if (missing > 0) out.push(`${missing} required item${missing === 1 ? ' is' : 's are'} missing: apply the fixes above, then run \`tslab doctor\` again.`);
  else out.push(`Ready: everything tslab needs is here${warnings > 0 ? ` (${warnings} note${warnings === 1 ? '' : 's'} above)` : ''}.`);
  return `${out.flatMap((line) => (line.length > columns ? wrap(line, columns) : [line])).join('\n')}\n`;
}
