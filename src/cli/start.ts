/** tslab start [--lang en|zh-CN]: the TUI. Ink and React load only here. */
export async function startCommand(argv: string[]): Promise<number> {
  const { runStart } = await import('../tui/run.js');
  return runStart(argv);
}
