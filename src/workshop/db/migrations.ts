/**
 * Versioned migrations, run by Kysely's Migrator at every server start (it
 * records which ran, and takes a lock, so several servers starting on one
 * PostgreSQL apply each once). Never edit a released migration: add the next.
 */
import { type Kysely, type Migration, type MigrationProvider } from 'kysely';

type Dialect = 'sqlite' | 'postgres';

function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001-initial': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('workshops')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('code', 'text', (c) => c.notNull().unique())
          .addColumn('instructor_token_hash', 'text', (c) => c.notNull())
          .addColumn('lessons', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('pace_lock', 'integer')
          .addColumn('message', 'text')
          .addColumn('message_at', 'text')
          .execute();
        await db.schema
          .createTable('learners')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('joined_at', 'text', (c) => c.notNull())
          .addColumn('window_start', 'text', (c) => c.notNull())
          .addColumn('window_count', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('events')
          // The only dialect difference: how an auto-incrementing key is spelled.
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id'))
          .addColumn('learner_id', 'text', (c) => c.notNull().references('learners.id'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('lesson', 'text', (c) => c.notNull())
          .addColumn('step', 'text')
          .addColumn('ok', 'integer')
          .addColumn('detail', 'text')
          .addColumn('choice', 'integer')
          .addColumn('level', 'integer')
          .addColumn('ms', 'integer')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('events_learner_event', ['learner_id', 'id'])
          .execute();
        await db.schema.createIndex('events_workshop_seq').on('events').columns(['workshop_id', 'seq']).execute();
        await db.schema
          .createTable('hint_releases')
          .addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id'))
          .addColumn('lesson', 'text', (c) => c.notNull())
          .addColumn('step', 'text', (c) => c.notNull())
          .addColumn('level', 'integer', (c) => c.notNull())
          .addColumn('released_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('hint_releases_pk', ['workshop_id', 'lesson', 'step'])
          .execute();
      },
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
