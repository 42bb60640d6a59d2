/** Module hooks for the profile: record every ESM module `tslab run` loads (BENCH_MODULE_LOG). */
import { appendFileSync } from 'node:fs';

type Next = (url: string, context: unknown) => Promise<unknown>;

export async function load(url: string, context: unknown, nextLoad: Next): Promise<unknown> {
  const log = process.env.BENCH_MODULE_LOG;
  if (log) appendFileSync(log, `${url}\n`);
  return nextLoad(url, context);
}
