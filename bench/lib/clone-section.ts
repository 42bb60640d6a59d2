/** The markers around bench/clone.ts's section of RESULTS.md, which `npm run bench` keeps when it rewrites the rest. */
import { existsSync, readFileSync } from 'node:fs';

export const CLONE_BEGIN = '<!-- bench:clone -->';
export const CLONE_END = '<!-- /bench:clone -->';

/** The clone section of the RESULTS.md at `file`, or '' when it has none. */
export function cloneSection(file: string): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(CLONE_BEGIN);
  const end = text.indexOf(CLONE_END);
  return at >= 0 && end > at ? text.slice(at, end + CLONE_END.length) : '';
}
