/**
 * `tslab workshop serve`: opens the database, creates the workshop (or takes
 * it up again after a restart, from the instructor's file), listens, and
 * tells the instructor the join code, the learners' address and the dashboards.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TslabError } from '../engine/errors.js';
import { loadCatalog } from './catalog.js';
import { openWorkshopDb } from './db/connect.js';
import { buildServer } from './server.js';
import { WorkshopStore, type Workshop } from './store.js';

export interface ServeOptions {
  name: string;
  lessons: string[];
  host: string;
  port: number;
  database: string;
  hours: number;
  instructorFile: string;
  /** The address learners use, when it is not the one listened on (0.0.0.0, a balancer). */
  publicUrl?: string;
  eventsPerMinute?: number;
  stuckMinutes?: number;
}

export interface InstructorRecord {
  workshopId: string;
  name: string;
  code: string;
  url: string;
  token: string;
  database: string;
}

function readInstructor(file: string): InstructorRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstructorRecord;
  } catch {
    return undefined;
  }
}

export function loadInstructor(file: string): InstructorRecord {
  const record = readInstructor(file);
  if (!record) throw new TslabError('E_WORKSHOP_NONE', `no workshop in ${file}`, { hint: 'start one with `tslab workshop serve --name NAME`, or pass --instructor-file' });
  return record;
}

function writeInstructor(file: string, record: InstructorRecord): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export async function serveWorkshop(options: ServeOptions): Promise<{ close(): Promise<void>; url: string; record: InstructorRecord }> {
  // Unknown lessons fail here, before anything is made; none named: all of them.
  const lessons = loadCatalog(options.lessons).map((l) => l.id);
  const { db, close: closeDb } = await openWorkshopDb(options.database);
  const store = new WorkshopStore(db);
  const previous = readInstructor(options.instructorFile);
  // A restart (same database, same name) takes the class up again; anything else is a new workshop.
  let workshop: Workshop | undefined = previous && previous.database === options.database && previous.name === options.name ? await store.byId(previous.workshopId) : undefined;
  if (workshop && workshop.expires_at <= new Date().toISOString()) workshop = undefined;
  let token = previous?.token ?? '';
  if (!workshop) {
    const created = await store.create(options.name, lessons, options.hours);
    workshop = created.workshop;
    token = created.token;
  }
  const app = buildServer({ store, ...(options.eventsPerMinute ? { eventsPerMinute: options.eventsPerMinute } : {}), ...(options.stuckMinutes ? { stuckMinutes: options.stuckMinutes } : {}) });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await closeDb();
    throw new TslabError('E_WORKSHOP_LISTEN', `cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error, hint: 'pick another --listen ADDR:PORT' });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = options.publicUrl ?? `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/`;
  const record: InstructorRecord = { workshopId: workshop.id, name: workshop.name, code: workshop.code, url, token, database: options.database };
  writeInstructor(options.instructorFile, record);
  return {
    url,
    record,
    async close() {
      await app.close();
      await closeDb();
    },
  };
}
