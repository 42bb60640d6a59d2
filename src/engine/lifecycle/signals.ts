/** Signal names users type (TERM, SIGKILL, 9) -> numbers, validated. */
import { constants } from 'node:os';
import { TslabError } from '../errors.js';

export function parseSignal(text: string): number {
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    if (number >= 1 && number <= 64) return number;
  } else {
    const name = text.toUpperCase().startsWith('SIG') ? text.toUpperCase() : `SIG${text.toUpperCase()}`;
    const number = (constants.signals as Record<string, number | undefined>)[name];
    if (number !== undefined) return number;
  }
  throw new TslabError('E_BAD_SIGNAL', `unknown signal ${JSON.stringify(text)}`, { hint: 'use a name like TERM, KILL, HUP or a number like 15' });
}
