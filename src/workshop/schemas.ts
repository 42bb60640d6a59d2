/** JSON schemas for every route's body and query: fastify validates before a handler runs. */
import { EVENT_KINDS, MAX_BATCH } from './wire.js';

const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } as const;

export const eventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'at', 'kind', 'lesson'],
  properties: {
    id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' },
    at: { type: 'string', pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$' },
    kind: { type: 'string', enum: EVENT_KINDS },
    lesson: id,
    step: id,
    ok: { type: 'boolean' },
    detail: { type: 'string', maxLength: 500 },
    choice: { type: 'integer', minimum: 0, maximum: 15 },
    correct: { type: 'boolean' },
    level: { type: 'integer', minimum: 1, maximum: 9 },
    ms: { type: 'integer', minimum: 0, maximum: 86_400_000 },
    replayed: { type: 'boolean' },
  },
} as const;

export const joinBody = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name'],
  properties: {
    code: { type: 'string', minLength: 8, maxLength: 12 },
    name: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[^\\u0000-\\u001f]+$' },
  },
} as const;

export const eventsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['events'],
  properties: { events: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: eventSchema } },
} as const;

export const controlBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    message: { type: 'string', minLength: 1, maxLength: 280 },
    /** Lessons from this index on are locked; null unlocks all. */
    paceLock: { type: ['integer', 'null'], minimum: 0, maximum: 99 },
    releaseHint: {
      type: 'object',
      additionalProperties: false,
      required: ['lesson', 'step', 'level'],
      properties: { lesson: id, step: id, level: { type: 'integer', minimum: 1, maximum: 3 } },
    },
  },
} as const;

export const reportQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['json', 'md', 'csv'] }, anonymous: { type: 'boolean' } },
} as const;

export const streamQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { token: { type: 'string', maxLength: 100 }, projector: { type: 'boolean' } },
} as const;
