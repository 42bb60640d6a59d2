/**
 * Markdown -> terminal lines with marked-terminal, wrapped to the width.
 * Loaded on first use (it pulls in a syntax highlighter), so the lesson list
 * draws without it.
 */
type Render = (markdown: string, width: number) => string[];

let loading: Promise<Render> | undefined;

export function loadMarkdown(): Promise<Render> {
  loading ??= (async () => {
    const { Marked } = await import('marked');
    const { markedTerminal } = await import('marked-terminal');
    const cache = new Map<string, string[]>();
    return (markdown: string, width: number) => {
      const key = `${width}\0${markdown}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const marked = new Marked(markedTerminal({ width, reflowText: true, tab: 2, emoji: false }) as never);
      const text = String(marked.parse(markdown, { async: false }));
      const lines = text.replace(/\n+$/, '').split('\n');
      cache.set(key, lines);
      return lines;
    };
  })();
  return loading;
}
