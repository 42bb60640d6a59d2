/**
 * Markdown -> terminal lines with marked-terminal, wrapped to the width.
 * Loaded on first use (it pulls in a syntax highlighter), so the lesson list
 * draws without it.
 */
type Render = (markdown: string, width: number) => string[];

let loading: Promise<Render> | undefined;
let loaded: Render | undefined;

/** The renderer if it has loaded (`tslab start` loads it before the first frame), else undefined. */
export const loadedMarkdown = (): Render | undefined => loaded;

/** Wider than any paragraph: marked-terminal's own wrapping never triggers. */
const UNWRAPPED = 100_000;

export function loadMarkdown(): Promise<Render> {
  loading ??= (async () => {
    const { Marked } = await import('marked');
    const { markedTerminal } = await import('marked-terminal');
    const { wrapToWidth } = await import('./wrap.js');
    const cache = new Map<string, string[]>();
    return (markdown: string, width: number) => {
      const key = `${width}\0${markdown}`;
      const hit = cache.get(key);
      if (hit) return hit;
      // marked-terminal reflows by counting characters, but a Chinese character
      // takes two columns: let it only join each paragraph into one line, and
      // wrap by display width (wrap.ts).
      const marked = new Marked(markedTerminal({ width: UNWRAPPED, reflowText: true, tab: 2, emoji: false }) as never);
      // marked-terminal prints a tight list item's text raw (literal backticks):
      // render its inline tokens; anything else falls back (false) to marked-terminal.
      marked.use({
        renderer: {
          text(token) {
            return 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
          },
        },
      });
      const text = String(marked.parse(markdown, { async: false }));
      const lines = wrapToWidth(text.replace(/\n+$/, ''), width);
      cache.set(key, lines);
      return lines;
    };
  })().then((render) => (loaded = render));
  return loading;
}
