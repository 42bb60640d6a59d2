/**
 * What the dashboard remembers between readings: the last minutes of each
 * container's usage (for the line charts) and the events worth a line of their
 * own: every OOM kill, and CPU throttling when it starts (a container held at
 * its quota is throttled in every period; its count grows in the table).
 */
import type { ContainerUsage } from '../../engine/stats/index.js';

export interface StatsEvent {
  at: number;
  text: string;
}

export class StatsHistory {
  readonly #points = new Map<string, ContainerUsage[]>();
  readonly #throttled = new Set<string>();
  readonly events: StatsEvent[] = [];

  /** `capacity` readings per container: 3 minutes at one a second. */
  constructor(readonly capacity = 180) {}

  record(usages: readonly ContainerUsage[], at = Date.now()): StatsEvent[] {
    const fresh: StatsEvent[] = [];
    for (const u of usages) {
      const points = this.#points.get(u.id) ?? [];
      points.push(u);
      if (points.length > this.capacity) points.shift();
      this.#points.set(u.id, points);
      if (u.newOomKills > 0) fresh.push({ at, text: `${u.name}: OOM kill, ${u.oomKills} in all` });
      if (u.newThrottledPeriods > 0 && !this.#throttled.has(u.id)) {
        fresh.push({ at, text: `${u.name}: CPU throttled` });
      }
      if (u.newThrottledPeriods > 0) this.#throttled.add(u.id);
      else this.#throttled.delete(u.id);
    }
    // Containers that are gone drop out of the charts.
    for (const id of this.#points.keys()) if (!usages.some((u) => u.id === id)) this.#points.delete(id);
    for (const id of this.#throttled) if (!usages.some((u) => u.id === id)) this.#throttled.delete(id);
    this.events.push(...fresh);
    return fresh;
  }

  series(id: string): ContainerUsage[] {
    return this.#points.get(id) ?? [];
  }
}
