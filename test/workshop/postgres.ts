/**
 * A throwaway PostgreSQL for the workshop tests: Debian's server binaries
 * (scripts/test-prereqs.mjs installs `postgresql`), a cluster made with initdb
 * under /tmp, run as the postgres user, on its own socket and 127.0.0.1 only, removed
 * at teardown. Tests that need it skip off root (and fail under CI).
 */
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { execa } from 'execa';

export interface TempPostgres {
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => path.join(base, v, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
  if (!found) throw new Error('PostgreSQL server binaries are missing: npm test installs the Debian package postgresql (scripts/test-prereqs.mjs)');
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<TempPostgres> {
  const bin = binDir();
  const dir = mkdtempSync('/tmp/tslab-test-pg-');
  chownSync(dir, Number((await execa('id', ['-u', 'postgres'])).stdout), Number((await execa('id', ['-g', 'postgres'])).stdout));
  const data = path.join(dir, 'data');
  const asPostgres = (tool: string, args: string[]) => execa('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]);
  await asPostgres('initdb', ['-D', data, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--no-instructions']);
  const port = await freePort();
  // Loopback only, its socket in its own folder, a small footprint for a 2-core machine.
  await asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=32MB -c fsync=on`, 'start']);
  // Through the cluster's own socket folder: in this sandbox a TCP connection to
  // 127.0.0.1 can arrive from another source address, which pg_hba would refuse.
  const url = (database: string) => `postgres://postgres@localhost:${port}/${database}?host=${encodeURIComponent(dir)}`;
  return {
    url,
    async createDatabase(name) {
      await execa(path.join(bin, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE DATABASE "${name}"`]);
      return url(name);
    },
    async stop() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
