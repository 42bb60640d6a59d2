/** Parsing of the sizes and numbers users type (`64m`, `0.5`), with errors that say what was expected. */
import { TslabError } from '../errors.js';

const sizeUnits: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `64m` -> 67108864. Units b, k, m, g (case-insensitive, optional trailing b/ib), like docker's. */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)(?:i?b)?$/i.exec(text.trim());
  const unit = match?.[2]?.toLowerCase() ?? '';
  const multiplier = sizeUnits[unit];
  if (!match || multiplier === undefined) {
    throw new TslabError('E_BAD_SIZE', `invalid size for ${flag}: ${JSON.stringify(text)}`, {
      hint: `use a number with an optional unit b, k, m or g, e.g. ${flag} 64m`,
    });
  }
  const bytes = Math.floor(Number(match[1]) * multiplier);
  if (!Number.isSafeInteger(bytes)) {
    throw new TslabError('E_BAD_SIZE', `size for ${flag} is too large: ${text}`, { hint: `e.g. ${flag} 512m` });
  }
  return bytes;
}

/** Plain decimals only: Number() would also take 0x1, 1e3, 0b1 and Infinity. */
const DECIMAL = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/;

export function parsePositiveNumber(text: string, flag: string, example: string): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value) || value <= 0) {
    throw new TslabError('E_BAD_NUMBER', `${flag} must be a positive number, got ${JSON.stringify(text)}`, {
      hint: `e.g. ${flag} ${example}`,
    });
  }
  return value;
}

export function parsePositiveInteger(text: string, flag: string, example: string): number {
  const value = parsePositiveNumber(text, flag, example);
  if (!Number.isInteger(value)) {
    throw new TslabError('E_BAD_NUMBER', `${flag} must be a whole number, got ${JSON.stringify(text)}`, {
      hint: `e.g. ${flag} ${example}`,
    });
  }
  return value;
}