/**
 * Markdown rendered for the terminal. `tslab start` loads the renderer before
 * the first frame; until it has loaded (tests), the text is shown without its
 * fences and backticks rather than as raw Markdown.
 */
import { useEffect, useState } from 'react';
import { loadMarkdown, loadedMarkdown } from '../markdown.js';
import { wrapToWidth } from '../wrap.js';

type Render = Awaited<ReturnType<typeof loadMarkdown>>;

export function useMarkdown(markdown: string, width: number): string[] {
  const [render, setRender] = useState<{ fn: Render } | undefined>(() => {
    const fn = loadedMarkdown();
    return fn ? { fn } : undefined;
  });
  useEffect(() => {
    if (render) return;
    let live = true;
    void loadMarkdown().then((fn) => live && setRender({ fn }));
    return () => {
      live = false;
    };
  }, []);
  return render ? render.fn(markdown, width) : wrapToWidth(plain(markdown), width);
}

function plain(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('```'))
    .join('\n')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1');
}
