/**
 * The tar header (POSIX ustar, with pax extended headers for what does not fit).
 * tslab reads and writes image layers with its own small tar code rather than a
 * dependency: unpacking hostile archives safely needs every entry's raw fields
 * (type, link name, mode, device numbers) before anything touches the disk, and
 * the format is a few fixed-width fields.
 */

export const BLOCK = 512;

export type EntryType = 'file' | 'link' | 'symlink' | 'char' | 'block' | 'directory' | 'fifo' | 'pax' | 'pax-global' | 'gnu-longname' | 'gnu-longlink' | 'other';

export interface TarHeader {
  name: string;
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  /** The raw type flag, to name an unsupported one in an error. */
  typeflag: string;
}

const TYPES: Record<string, EntryType> = {
  '0': 'file', '\0': 'file', '7': 'file', '1': 'link', '2': 'symlink', '3': 'char', '4': 'block',
  '5': 'directory', '6': 'fifo', x: 'pax', g: 'pax-global', L: 'gnu-longname', K: 'gnu-longlink',
};
const FLAGS: Partial<Record<EntryType, string>> = {
  file: '0', link: '1', symlink: '2', char: '3', block: '4', directory: '5', fifo: '6', pax: 'x',
};

function text(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(block: Buffer, offset: number, length: number): number {
  const field = block.subarray(offset, offset + length);
  // GNU base-256 for values too large for octal (sizes over 8 GiB, negative times).
  if ((field[0]! & 0x80) !== 0) {
    let value = field[0]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const digits = text(block, offset, length).trim();
  return digits === '' ? 0 : Number.parseInt(digits, 8);
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum;
}

/** null for an all-zero block (the end of the archive); throws on a bad checksum. */
export function decodeHeader(block: Buffer): TarHeader | null {
  if (block.every((b) => b === 0)) return null;
  if (octal(block, 148, 8) !== checksum(block)) throw new Error('tar header checksum mismatch (not a tar archive, or a corrupt one)');
  const prefix = block.subarray(257, 263).toString('latin1').startsWith('ustar') ? text(block, 345, 155) : '';
  const name = text(block, 0, 100);
  const typeflag = String.fromCharCode(block[156]!);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    type: TYPES[typeflag] ?? 'other',
    mode: octal(block, 100, 8) & 0o7777,
    uid: octal(block, 108, 8),
    gid: octal(block, 116, 8),
    size: octal(block, 124, 12),
    mtime: octal(block, 136, 12),
    linkname: text(block, 157, 100),
    devmajor: octal(block, 329, 8),
    devminor: octal(block, 337, 8),
    typeflag,
  };
}

function putText(block: Buffer, offset: number, length: number, value: string): void {
  block.write(value, offset, length, 'utf8');
}

function putOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${Math.max(0, Math.floor(value)).toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
}

/** One ustar header block. Names and link names must fit (the writer adds pax records when not). */
export function encodeHeader(header: Omit<TarHeader, 'typeflag'>): Buffer {
  const block = Buffer.alloc(BLOCK);
  putText(block, 0, 100, header.name);
  putOctal(block, 100, 8, header.mode);
  putOctal(block, 108, 8, header.uid);
  putOctal(block, 116, 8, header.gid);
  putOctal(block, 124, 12, header.size);
  putOctal(block, 136, 12, header.mtime);
  block.write(FLAGS[header.type] ?? '0', 156, 1, 'latin1');
  putText(block, 157, 100, header.linkname);
  block.write('ustar\x0000', 257, 8, 'latin1');
  putOctal(block, 329, 8, header.devmajor);
  putOctal(block, 337, 8, header.devminor);
  block.write(`${checksum(block).toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return block;
}

/** pax records: "LEN key=value\n", where LEN counts the whole record including itself. */
export function encodePax(records: Record<string, string>): Buffer {
  let out = '';
  for (const [key, value] of Object.entries(records)) {
    const body = ` ${key}=${value}\n`;
    let length = Buffer.byteLength(body) + 1;
    while (String(length).length + Buffer.byteLength(body) !== length) length++;
    out += `${length}${body}`;
  }
  return Buffer.from(out, 'utf8');
}

export function decodePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = Number.parseInt(data.subarray(offset, space).toString('latin1'), 10);
    if (space === -1 || !Number.isInteger(length) || length <= 0 || offset + length > data.length) throw new Error('malformed pax extended header');
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    offset += length;
  }
  return records;
}
