/** The footer's keys: those that matter now first, as many as fit the width. */
import stringWidth from 'string-width';
import type { Strings } from './strings.js';

export interface FooterState {
  /** Choices still to answer (0: none to answer). */
  choices: number;
  done: boolean;
  challenge: boolean;
  scrolls: boolean;
  logScrolls: boolean;
}

export function footerKeys(t: Strings, s: FooterState, width: number): string {
  const k = t.keys;
  const wanted = [
    s.choices ? k.answer(s.choices) : undefined,
    s.done ? k.next : s.challenge ? k.shell : k.run,
    s.scrolls ? k.scroll : undefined,
    s.logScrolls ? k.log : undefined,
    k.hint,
    s.challenge ? k.reveal : undefined,
    s.challenge ? undefined : k.shell,
    k.check,
    k.step,
    k.reset,
    k.panel,
    k.back,
    k.lang,
    k.quit,
  ].filter((key): key is string => key !== undefined);
  const out: string[] = [];
  // q quit always fits: it is the way out.
  let used = stringWidth(k.quit) + 2;
  for (const key of wanted.slice(0, -1)) {
    const w = stringWidth(key) + 2;
    if (used + w > width) continue;
    out.push(key);
    used += w;
  }
  return [...out, k.quit].join('  ');
}
