/** tslab start [--lang en|zh-CN] [--join URL/CODE]: the TUI. Ink and React load only here. */
export async function startCommand(argv: string[]): Promise<number> {
  // --join: join the class first (a clear error if the code is wrong), then the lab as usual; it reports to the class from then on.
  const join = argv.indexOf('--join');
  if (join !== -1) {
    const target = argv[join + 1];
    const { joinCommand } = await import('./workshop.js');
    if (target === undefined || (await joinCommand([target])) !== 0) return 125;
    argv = [...argv.slice(0, join), ...argv.slice(join + 2)];
  }
  // Ink draws only a final frame when CI or CONTINUOUS_INTEGRATION is set (it
  // reads them once, at import). A learner at a terminal wants the live screen,
  // whatever their environment says, so a terminal wins over those variables.
  if (process.stdout.isTTY) {
    for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in process.env) process.env[name] = 'false';
  }
  const { runStart } = await import('../tui/run.js');
  return runStart(argv);
}
