/** Environment lists (`K=V` strings): later entries win, as in docker (-e PATH=... replaces the default). */
export function mergeEnv(...lists: string[][]): string[] {
  const byKey = new Map<string, string>();
  for (const entry of lists.flat()) {
    const eq = entry.indexOf('=');
    byKey.set(eq === -1 ? entry : entry.slice(0, eq), entry);
  }
  return [...byKey.values()];
}
