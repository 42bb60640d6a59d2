/**
 * Streaming tar reader: an async generator of entries, each with its body as
 * chunks. pax and GNU long-name records are folded into the entry they describe,
 * so a consumer sees one entry per file with its full name. A body not read by
 * the consumer is skipped before the next entry.
 */
import { BLOCK, decodeHeader, decodePax, type TarHeader } from './header.js';

export interface TarEntry extends TarHeader {
  /** The entry's data, in chunks; read it before asking for the next entry (or leave it to be skipped). */
  body: AsyncGenerator<Buffer, void, undefined>;
}

/** Exact-length reads over a byte stream. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private done = false;
  private readonly source: AsyncIterator<Buffer | string>;

  constructor(source: AsyncIterable<Buffer | string>) {
    this.source = source[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<boolean> {
    while (this.length < n && !this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else {
        const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
        this.buffered.push(chunk);
        this.length += chunk.length;
      }
    }
    return this.length >= n;
  }

  /** Up to `max` bytes (at least one), or null at the end of the stream. */
  async readSome(max: number): Promise<Buffer | null> {
    if (!(await this.fill(1))) return null;
    const first = this.buffered[0]!;
    const piece = first.length <= max ? first : first.subarray(0, max);
    if (piece === first) this.buffered.shift();
    else this.buffered[0] = first.subarray(max);
    this.length -= piece.length;
    return piece;
  }

  async readExact(n: number): Promise<Buffer | null> {
    if (!(await this.fill(n))) return null;
    const all = Buffer.concat(this.buffered);
    this.buffered = all.length > n ? [all.subarray(n)] : [];
    this.length = all.length - n;
    return all.subarray(0, n);
  }
}

const truncated = () => new Error('the tar archive ends in the middle of an entry (truncated)');

export async function* readTar(source: AsyncIterable<Buffer | string>): AsyncGenerator<TarEntry, void, undefined> {
  const reader = new ByteReader(source);
  let pending: Record<string, string> = {};
  let global: Record<string, string> = {};
  for (;;) {
    const block = await reader.readExact(BLOCK);
    if (block === null) return; // Some writers omit the two zero blocks at the end.
    const header = decodeHeader(block);
    if (header === null) return;
    const padded = Math.ceil(header.size / BLOCK) * BLOCK;
    if (header.type === 'pax' || header.type === 'pax-global' || header.type === 'gnu-longname' || header.type === 'gnu-longlink') {
      if (header.size > 1024 * 1024) throw new Error(`tar metadata record of ${header.size} bytes is too large`);
      const data = await reader.readExact(padded);
      if (data === null) throw truncated();
      const content = data.subarray(0, header.size);
      if (header.type === 'pax') pending = { ...pending, ...decodePax(content) };
      else if (header.type === 'pax-global') global = { ...global, ...decodePax(content) };
      else pending[header.type === 'gnu-longname' ? 'path' : 'linkpath'] = content.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    const extra = { ...global, ...pending };
    pending = {};
    const size = extra.size === undefined ? header.size : Number(extra.size);
    const entryPadded = Math.ceil(size / BLOCK) * BLOCK;
    let remaining = size;
    const body = (async function* () {
      while (remaining > 0) {
        const chunk = await reader.readSome(Math.min(remaining, 64 * 1024));
        if (chunk === null) throw truncated();
        remaining -= chunk.length;
        yield chunk;
      }
    })();
    yield {
      ...header,
      name: extra.path ?? header.name,
      linkname: extra.linkpath ?? header.linkname,
      uid: extra.uid === undefined ? header.uid : Number(extra.uid),
      gid: extra.gid === undefined ? header.gid : Number(extra.gid),
      size,
      body,
    };
    // Whatever of the body the consumer did not read, then the padding.
    while (remaining > 0) {
      const chunk = await reader.readSome(Math.min(remaining, 64 * 1024));
      if (chunk === null) throw truncated();
      remaining -= chunk.length;
    }
    if (entryPadded > size && (await reader.readExact(entryPadded - size)) === null) throw truncated();
  }
}
