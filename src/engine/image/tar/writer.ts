/**
 * Tar writer: entries go to any sink of Buffers (a file stream, an array in
 * tests). Long names and link names get a pax record, as POSIX says.
 */
import { BLOCK, encodeHeader, encodePax, type TarHeader } from './header.js';

export type WriteEntry = Partial<Omit<TarHeader, 'typeflag' | 'name' | 'type'>> & Pick<TarHeader, 'name' | 'type'>;

export interface TarSink {
  write(chunk: Buffer): Promise<void> | void;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

export class TarWriter {
  constructor(private readonly sink: TarSink) {}

  /** One entry; `data` is the file's content for regular files, nothing for the other types. */
  async add(entry: WriteEntry, data?: Buffer | AsyncIterable<Buffer>): Promise<void> {
    const size = entry.type === 'file' ? (entry.size ?? (Buffer.isBuffer(data) ? data.length : 0)) : 0;
    const pax: Record<string, string> = {};
    let name = entry.name;
    if (Buffer.byteLength(name) > 99) {
      pax.path = name;
      name = name.slice(0, 99).replace(/[^\x20-\x7e]/g, '_');
    }
    let linkname = entry.linkname ?? '';
    if (Buffer.byteLength(linkname) > 99) {
      pax.linkpath = linkname;
      linkname = '';
    }
    if (Object.keys(pax).length > 0) {
      const records = encodePax(pax);
      await this.sink.write(encodeHeader({ ...defaults, name: 'PaxHeader', type: 'pax', size: records.length }));
      await this.sink.write(Buffer.concat([records, padding(records.length)]));
    }
    await this.sink.write(encodeHeader({ ...defaults, ...entry, name, linkname, size }));
    if (size === 0) return;
    let written = 0;
    for await (const chunk of Buffer.isBuffer(data) ? [data] : (data ?? [])) {
      written += chunk.length;
      if (written > size) throw new Error(`${entry.name}: more data than its size ${size}`);
      await this.sink.write(chunk);
    }
    if (written !== size) throw new Error(`${entry.name}: ${written} bytes written, size says ${size}`);
    await this.sink.write(padding(size));
  }

  /** The two zero blocks that end an archive. */
  async end(): Promise<void> {
    await this.sink.write(Buffer.alloc(BLOCK * 2));
  }
}

const defaults = { mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, linkname: '', devmajor: 0, devminor: 0 };

/** A sink over a Node writable stream that waits when the stream asks it to (a pipe to a slow reader). */
export function streamSink(stream: NodeJS.WritableStream): TarSink {
  return {
    write: (chunk) => (stream.write(chunk) ? undefined : new Promise((resolve) => stream.once('drain', () => resolve()))),
  };
}
