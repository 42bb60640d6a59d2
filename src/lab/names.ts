/**
 * A lesson's live names ($ID, $PID, $NETNS, $CGROUP, ...): read from the
 * engine's state, exported in the learner's shell, and filled into the prose
 * so a command on screen can be typed as shown, with the real values.
 */
import type { LabContext, LessonSteps } from './types.js';

export type Names = Record<string, string>;

/** The names that exist now; one that cannot be read yet is left out. */
export async function liveNames(lesson: LessonSteps, lab: LabContext): Promise<Names> {
  const names: Names = {};
  for (const [name, read] of Object.entries(lesson.names)) {
    const value = await read(lab).catch(() => undefined);
    if (value !== undefined) names[name] = value;
  }
  return names;
}

/** `$NETNS` -> `tslab-lesson1` for every known name; unknown ones stay as written. */
export function fillNames(text: string, names: Names): string {
  return text.replace(/\$([A-Z][A-Z0-9_]+)\b/g, (whole, name: string) => names[name] ?? whole);
}
