/**
 * Opens the workshop database: a SQLite file by default, PostgreSQL for a
 * `postgres://` URL, behind one Kysely query layer, migrated to the latest
 * version. The drivers load only here, so a learner's tslab never loads them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { TslabError } from '../../engine/errors.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export interface WorkshopDb {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//.test(target);

async function openSqlite(file: string): Promise<Kysely<Database>> {
  let Sqlite: typeof import('better-sqlite3');
  try {
    Sqlite = (await import('better-sqlite3')).default;
  } catch (error) {
    throw new TslabError('E_WORKSHOP_SQLITE', 'the SQLite driver (better-sqlite3) is not built on this machine', {
      cause: error,
      hint: 'run `npm rebuild better-sqlite3` in tslab\'s folder (it compiles SQLite, a few minutes), or use --database postgres://...',
    });
  }
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Sqlite(file);
  // WAL: the dashboard's reads do not wait for learners' writes. A busy wait
  // instead of SQLITE_BUSY errors when a second process (report) opens the file.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

async function openPostgres(url: string): Promise<Kysely<Database>> {
  const { default: pg } = await import('pg');
  // COUNT(*) and BIGSERIAL come back as strings by default; ours fit in a JS number.
  pg.types.setTypeParser(20, (v: string) => Number(v));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }) });
}

export async function openWorkshopDb(target: string): Promise<WorkshopDb> {
  const dialect = isPostgresUrl(target) ? 'postgres' : 'sqlite';
  const db = dialect === 'postgres' ? await openPostgres(target) : await openSqlite(target);
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new TslabError('E_WORKSHOP_DB', `the workshop database could not be prepared${failed ? ` (migration ${failed})` : ''}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
      hint: dialect === 'postgres' ? 'check the URL, that the server runs and that the user may create tables' : `check that ${target} is writable`,
    });
  }
  return { db, dialect, close: () => db.destroy() };
}
