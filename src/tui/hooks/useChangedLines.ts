/**
 * Which lines of a panel changed recently: a line whose text was not there in
 * the previous snapshots is highlighted for `holdMs` (not on the first draw).
 */
import { useRef } from 'react';

export function useChangedLines(lines: readonly string[], holdMs = 2000, now = Date.now()): boolean[] {
  const seen = useRef<Map<string, number> | undefined>(undefined);
  if (!seen.current) {
    seen.current = new Map(lines.map((line) => [line, 0]));
    return lines.map(() => false);
  }
  const map = seen.current;
  for (const line of lines) if (!map.has(line)) map.set(line, now);
  if (map.size > 500) for (const [line, at] of map) if (at !== 0 && now - at > holdMs && !lines.includes(line)) map.delete(line);
  return lines.map((line) => {
    const at = map.get(line) ?? 0;
    return at !== 0 && now - at < holdMs;
  });
}
