/** Entry of `tslab start` (the Ink app comes next). */
import { TslabError } from '../engine/errors.js';

export async function runStart(_argv: string[]): Promise<number> {
  throw new TslabError('E_NOT_READY', 'tslab start is not ready yet', { hint: 'use `tslab lesson run ID` meanwhile' });
}
