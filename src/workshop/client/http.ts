/** The learner's and the instructor's calls to the server: JSON over fetch, with a deadline, errors with hints. */
import { TslabError } from '../../engine/errors.js';

export interface Endpoint {
  url: string;
  token?: string;
}

export class HttpFailure extends TslabError {
  constructor(
    readonly status: number,
    message: string,
    hint: string,
  ) {
    super('E_WORKSHOP_HTTP', message, { hint, context: { status } });
  }
}

export async function call<T>(endpoint: Endpoint, method: 'GET' | 'POST', route: string, body?: unknown, timeoutMs = 5000): Promise<T> {
  let response: Response;
  try {
    response = await fetch(new URL(route, endpoint.url), {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new HttpFailure(0, `the workshop server at ${endpoint.url} does not answer`, 'is `tslab workshop serve` running, and is its address reachable from here?');
  }
  const text = await response.text();
  if (!response.ok) {
    let reply: { error?: string; hint?: string } = {};
    try {
      reply = JSON.parse(text) as typeof reply;
    } catch {
      // Not our server's JSON error: keep the status alone.
    }
    throw new HttpFailure(response.status, `${route}: ${reply.error ?? `HTTP ${response.status}`}`, reply.hint ?? 'check the workshop URL');
  }
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? JSON.parse(text) : text) as T;
}

/** "http://host:port/CODE" or "host:port/CODE" -> server URL and code. */
export function parseJoinTarget(target: string): { url: string; code: string } {
  const withScheme = /^https?:\/\//.test(target) ? target : `http://${target}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new TslabError('E_USAGE', `${JSON.stringify(target)} is not a workshop address`, { hint: 'use the URL the instructor shows, like http://10.0.0.5:7420/ABCD-EFGH' });
  }
  const code = parsed.pathname.replace(/^\/+|\/+$/g, '');
  if (!/^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/.test(code)) throw new TslabError('E_USAGE', `${JSON.stringify(target)} has no join code`, { hint: 'the address ends with the code, like /ABCD-EFGH' });
  return { url: `${parsed.protocol}//${parsed.host}/`, code };
}
