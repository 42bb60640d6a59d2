/**
 * The instructor's server: fastify with a JSON schema on every route. It keeps
 * no state between requests (tokens, rate windows and the class are in the
 * database), so several servers can share one PostgreSQL behind a balancer.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { TslabError, isTslabError } from '../engine/errors.js';
import { checkEventTarget, loadCatalog, type Catalog } from './catalog.js';
import { buildDashboard, type DashboardData } from './dashboard/model.js';
import { webDashboardPage } from './dashboard/web-page.js';
import { buildReport, formatReport, type ReportFormat } from './report.js';
import { controlBody, eventsBody, joinBody, reportQuery, streamQuery } from './schemas.js';
import { lessonsOf, type Caller, type Workshop, type WorkshopStore } from './store.js';
import type { WireEvent } from './wire.js';

export interface ServerOptions {
  store: WorkshopStore;
  /** Events a learner may send per minute (a lab sends a few a minute; a bug or a script sends thousands). */
  eventsPerMinute?: number;
  stuckMinutes?: number;
  stuckFailures?: number;
  /** How often the live stream looks for news in the database. */
  pollMs?: number;
}

type Role = 'instructor' | 'learner' | 'any';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
  interface FastifyContextConfig {
    role?: Role;
  }
}

const fail = (status: number, code: string, message: string, hint: string) => new TslabError(code, message, { hint, context: { status } });

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  // EventSource cannot set headers: the live stream alone takes ?token=.
  const query = request.query as { token?: string } | undefined;
  return request.routeOptions.url === '/api/stream' ? query?.token : undefined;
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const { store } = options;
  const perMinute = options.eventsPerMinute ?? 600;
  const catalogs = new Map<string, Catalog>();
  const catalogOf = (workshop: Workshop): Catalog => {
    // Derived from lesson files, not from class state: safe to keep.
    let catalog = catalogs.get(workshop.lessons);
    if (!catalog) catalogs.set(workshop.lessons, (catalog = loadCatalog(lessonsOf(workshop))));
    return catalog;
  };
  const dashboard = async (workshop: Workshop): Promise<DashboardData> =>
    buildDashboard(catalogOf(workshop), await store.learners(workshop), await store.events(workshop), {
      now: new Date(),
      stuckMinutes: options.stuckMinutes ?? 10,
      stuckFailures: options.stuckFailures ?? 3,
    });

  const app = Fastify({
    bodyLimit: 64 * 1024,
    // Live streams never end by themselves: closing the server ends them.
    forceCloseConnections: true,
    // Unknown fields are an error, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  });

  app.setErrorHandler((error: unknown, _request, reply) => {
    if (isTslabError(error)) {
      const status = Number(error.context?.status ?? 400);
      return reply.code(status).send({ error: error.message, code: error.code, hint: error.hint });
    }
    const e = error as { statusCode?: number; code?: string; message?: string; validation?: unknown };
    const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
    const hint = status === 413 ? 'send fewer events per request' : e.validation ? 'see the route\'s schema in src/workshop/schemas.ts' : status === 500 ? 'a bug in the workshop server; see its log' : 'check the request';
    if (status === 500) app.log.error(error);
    return reply.code(status).send({ error: e.message ?? 'error', code: e.code ?? 'E_WORKSHOP', hint });
  });

  app.addHook('preHandler', async (request: FastifyRequest) => {
    const role = request.routeOptions.config.role;
    if (!role) return;
    const token = tokenOf(request);
    if (!token) throw fail(401, 'E_WORKSHOP_AUTH', 'a token is needed', 'send Authorization: Bearer TOKEN (tslab join gives one to learners)');
    const caller = await store.caller(token);
    if (!caller) throw fail(401, 'E_WORKSHOP_AUTH', 'unknown or expired token', 'join again with the workshop\'s code');
    if (role !== 'any' && caller.role !== role) throw fail(403, 'E_WORKSHOP_FORBIDDEN', `only the ${role} may do this`, role === 'instructor' ? 'use the instructor token that `tslab workshop serve` wrote' : 'send events with a learner token');
    request.caller = caller;
  });

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(webDashboardPage()));

  app.post('/api/join', { schema: { body: joinBody } }, async (request) => {
    const body = request.body as { code: string; name: string };
    const workshop = await store.byCode(body.code);
    if (!workshop) throw fail(404, 'E_WORKSHOP_CODE', `no open workshop has the code ${body.code}`, 'check the code on the projector; codes end with their workshop');
    return store.join(workshop, body.name.trim());
  });

  app.post('/api/events', { schema: { body: eventsBody }, config: { role: 'learner' } }, async (request, reply) => {
    const caller = request.caller as Extract<Caller, { role: 'learner' }>;
    const { events } = request.body as { events: WireEvent[] };
    const catalog = catalogOf(caller.workshop);
    for (const e of events) checkEventTarget(catalog, e.lesson, 'step' in e ? e.step : undefined, e.kind);
    if (!(await store.spend(caller.learner, events.length, perMinute))) {
      return reply.code(429).header('retry-after', '60').send({ error: `more than ${perMinute} events a minute`, code: 'E_WORKSHOP_RATE', hint: 'the client sends again later' });
    }
    return store.addEvents(caller.learner, events);
  });

  app.get('/api/state', { config: { role: 'any' } }, async (request) => store.publicState(request.caller!.workshop));

  app.get('/api/dashboard', { config: { role: 'instructor' } }, async (request) => dashboard(request.caller!.workshop));

  app.post('/api/control', { schema: { body: controlBody }, config: { role: 'instructor' } }, async (request) => {
    const workshop = request.caller!.workshop;
    const body = request.body as { message?: string; paceLock?: number | null; releaseHint?: { lesson: string; step: string; level: number } };
    if (body.releaseHint) checkEventTarget(catalogOf(workshop), body.releaseHint.lesson, body.releaseHint.step, 'hint');
    if (body.message !== undefined) await store.setMessage(workshop, body.message);
    if (body.paceLock !== undefined) await store.setPaceLock(workshop, body.paceLock);
    if (body.releaseHint) await store.releaseHint(workshop, body.releaseHint.lesson, body.releaseHint.step, body.releaseHint.level);
    return store.publicState(workshop);
  });

  app.get('/api/report', { schema: { querystring: reportQuery }, config: { role: 'instructor' } }, async (request, reply) => {
    const query = request.query as { format?: ReportFormat; anonymous?: boolean };
    const workshop = request.caller!.workshop;
    const report = buildReport(workshop.name, catalogOf(workshop), await dashboard(workshop), query.anonymous ?? false);
    const format = query.format ?? 'json';
    reply.type(format === 'json' ? 'application/json' : format === 'csv' ? 'text/csv' : 'text/markdown');
    return formatReport(report, format);
  });

  app.get('/api/stream', { schema: { querystring: streamQuery }, config: { role: 'instructor' } }, (request, reply) => streamDashboard(request, reply, options.pollMs ?? 1000));

  /** Server-sent events: the dashboard whenever the database says something changed. */
  async function streamDashboard(request: FastifyRequest, reply: FastifyReply, pollMs: number): Promise<void> {
    const workshop = request.caller!.workshop;
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    let last = '';
    let open = true;
    request.raw.on('close', () => (open = false));
    while (open) {
      const version = await store.version(workshop);
      if (version !== last) {
        last = version;
        const state = await store.publicState(workshop);
        reply.raw.write(`data: ${JSON.stringify({ state, code: workshop.code, dashboard: await dashboard(workshop) })}\n\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  return app;
}
