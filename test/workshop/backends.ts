/**
 * The databases every workshop test runs on: a SQLite file, and a real
 * PostgreSQL (root only: it starts a temp cluster as the postgres user).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Test } from 'tap';
import { startPostgres, type TempPostgres } from './postgres.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database (a file path or a postgres:// URL). */
  fresh(): Promise<string>;
  stop(): Promise<void>;
}

export async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tslab-test-ws-'));
  let n = 0;
  return { name: 'sqlite', fresh: async () => path.join(dir, `db-${n++}.sqlite`), stop: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function postgresBackend(): Promise<Backend> {
  const pg: TempPostgres = await startPostgres();
  return { name: 'postgres', fresh: () => pg.createDatabase(`ws_${randomBytes(4).toString('hex')}`), stop: () => pg.stop() };
}

/** Runs `body` once per backend; PostgreSQL needs root (needsRoot decides to skip or fail). */
export async function eachBackend(t: Test, isRoot: boolean, body: (t: Test, backend: Backend) => Promise<void>): Promise<void> {
  for (const make of [sqliteBackend, postgresBackend]) {
    const name = make === sqliteBackend ? 'sqlite' : 'postgres';
    await t.test(name, async (t) => {
      if (name === 'postgres' && !isRoot) {
        if (process.env.CI === 'true') t.fail('PostgreSQL tests need root (they start a temp cluster as the postgres user)');
        else t.plan(0, 'needs root to start a temp PostgreSQL cluster');
        return;
      }
      const backend = await make();
      t.teardown(() => backend.stop());
      await body(t, backend);
    });
  }
}
