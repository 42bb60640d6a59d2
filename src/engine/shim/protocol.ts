/**
 * Encoding and decoding of the shim control protocol (native/PROTOCOL.md).
 * Pure functions: no I/O, so the protocol is unit-tested without root.
 */
import { TslabError } from '../errors.js';

export const PROTOCOL_VERSION = '2';

/** One config record; a value with several fields joins them with NUL. */
export type ConfigRecord = readonly [key: string, value: string | readonly string[]];

export function encodeConfig(records: readonly ConfigRecord[]): Buffer {
  const chunks: Buffer[] = [];
  const push = (key: string, value: string) => {
    const bytes = Buffer.from(value, 'utf8');
    chunks.push(Buffer.from(`${key} ${bytes.length}\n`), bytes, Buffer.from('\n'));
  };
  push('version', PROTOCOL_VERSION);
  for (const [key, value] of records) {
    push(key, typeof value === 'string' ? value : value.join('\0'));
  }
  push('end', '');
  return Buffer.concat(chunks);
}

export type ShimMessage =
  | { tag: 'pid'; pid: number }
  | { tag: 'trace'; text: string }
  | { tag: 'inside' }
  | { tag: 'started' }
  | { tag: 'error'; stage: string; errno: number; text: string }
  | { tag: 'exit'; code: number; signal: number };

/** Parse one line the shim sent (without its newline). */
export function decodeMessage(line: string): ShimMessage {
  const space = line.indexOf(' ');
  const tag = space === -1 ? line : line.slice(0, space);
  const rest = space === -1 ? '' : line.slice(space + 1);
  switch (tag) {
    case '1': {
      const match = /^pid (\d+)$/.exec(rest);
      if (match) return { tag: 'pid', pid: Number(match[1]) };
      break;
    }
    case 'T':
      return { tag: 'trace', text: rest };
    case '5':
      if (rest === 'inside') return { tag: 'inside' };
      break;
    case '3':
      if (rest === 'started') return { tag: 'started' };
      break;
    case 'E': {
      const match = /^(\S+) (\d+) ?(.*)$/.exec(rest);
      if (match) return { tag: 'error', stage: match[1]!, errno: Number(match[2]), text: match[3] ?? '' };
      break;
    }
    case '4': {
      const match = /^exit (\d+) (\d+)$/.exec(rest);
      if (match) return { tag: 'exit', code: Number(match[1]), signal: Number(match[2]) };
      break;
    }
  }
  throw new TslabError('E_SHIM_PROTOCOL', `tslab-shim sent a line tslab cannot read: ${JSON.stringify(line.slice(0, 200))}`, {
    hint: 'the shim and the CLI are from different builds: run `npm run build`, then `tslab gc`',
  });
}

/** The longest line the shim sends (a trace of a long mount is a few KiB); more is a broken peer, not a line. */
export const MAX_LINE = 64 * 1024;

/** Splits a byte stream into lines; feed it chunks, get complete lines back. */
export class LineSplitter {
  #pending = '';

  push(chunk: string): string[] {
    this.#pending += chunk;
    const lines = this.#pending.split('\n');
    this.#pending = lines.pop() ?? '';
    if (this.#pending.length > MAX_LINE) {
      throw new TslabError('E_SHIM_PROTOCOL', `tslab-shim sent more than ${MAX_LINE} bytes without a newline`, { hint: 'the shim is not the one this CLI was built with: run `npm run build`' });
    }
    return lines;
  }
}

export const GO_MESSAGE = '2 go\n';
export const EXEC_MESSAGE = '6 exec\n';
export const REAPED_MESSAGE = '7 reaped\n';
