/** Alternating measurement: each iteration runs every contender once, in a rotating order. */
import { summarize, type Summary } from './stats.js';

export interface Series {
  samples: number[];
  /** CPU ms per sample, when the contender reports it. */
  cpu?: number[];
  cpuSummary?: Summary;
  failures: number;
  firstError?: string;
  summary?: Summary;
}

export type Attempt = () => Promise<{ ms: number; ok: boolean; error?: string; cpuMs?: number }>;

export async function alternate(iterations: number, contenders: Record<string, Attempt>, progress?: (text: string) => void): Promise<Record<string, Series>> {
  const names = Object.keys(contenders);
  const series: Record<string, Series> = Object.fromEntries(names.map((name) => [name, { samples: [], failures: 0 }]));
  for (let i = 0; i < iterations; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const s = series[name]!;
      const result: Awaited<ReturnType<Attempt>> = await contenders[name]!().catch((error: unknown) => ({ ms: 0, ok: false, error: String(error) }));
      if (result.ok) {
        s.samples.push(result.ms);
        if (result.cpuMs !== undefined) (s.cpu ??= []).push(result.cpuMs);
      }
      else {
        s.failures++;
        s.firstError ??= result.error?.slice(0, 600);
      }
    }
    progress?.(`${i + 1}/${iterations}`);
  }
  for (const s of Object.values(series)) {
    const summary = summarize(s.samples);
    if (summary) s.summary = summary;
    const cpu = summarize(s.cpu ?? []);
    if (cpu) s.cpuSummary = cpu;
  }
  return series;
}
