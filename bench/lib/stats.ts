/** min / median / max of a series, and ratios between medians. */
export interface Summary {
  n: number;
  min: number;
  median: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n: sorted.length, min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

export function ratio(a: Summary | undefined, b: Summary | undefined): number | undefined {
  if (!a || !b || b.median === 0) return undefined;
  return a.median / b.median;
}

export const ms = (value: number | undefined): string => (value === undefined ? '—' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
export const times = (value: number | undefined): string => (value === undefined ? '—' : `${value.toFixed(2)}×`);
export const kib = (value: number | undefined): string => (value === undefined ? '—' : value >= 1024 ? `${(value / 1024).toFixed(2)} MiB` : `${value} KiB`);
