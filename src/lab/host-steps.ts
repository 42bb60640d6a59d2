/** Host commands a step runs for the learner to see (recorded, output shown) or a check runs quietly. */
import type { HostResult } from '../engine/host.js';
import { checkResult, type Said } from './said.js';
import type { CheckResult, LabContext } from './types.js';

/** Run and record a host tool; its output (and a non-zero exit) is shown as the step's output. */
export async function show(lab: LabContext, tool: string, args: string[]): Promise<HostResult> {
  const result = await lab.engine.host.run(tool, args, { allowFailure: true });
  const text = [result.stdout, result.stderr].filter(Boolean).join('\n');
  lab.output(result.exitCode === 0 ? text : `${text}${text ? '\n' : ''}[exit ${result.exitCode}]`);
  return result;
}

/** A check's probe: not recorded, never throws for a non-zero exit. */
export function probe(lab: LabContext, tool: string, args: string[]): Promise<HostResult> {
  return lab.engine.host.run(tool, args, { allowFailure: true, quiet: true });
}

/** A check's verdict: `detail` is a plain string (kernel output, the same in every language) or `say(en, zh)`. */
export const pass = (detail: Said): CheckResult => checkResult(true, detail);
export const fail = (detail: Said): CheckResult => checkResult(false, detail);
