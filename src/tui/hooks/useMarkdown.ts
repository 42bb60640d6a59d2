/** Markdown rendered for the terminal; plain text until the renderer has loaded. */
import { useEffect, useState } from 'react';
import { loadMarkdown } from '../markdown.js';

type Render = Awaited<ReturnType<typeof loadMarkdown>>;

export function useMarkdown(markdown: string, width: number): string[] {
  const [render, setRender] = useState<{ fn: Render } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void loadMarkdown().then((fn) => live && setRender({ fn }));
    return () => {
      live = false;
    };
  }, []);
  return render ? render.fn(markdown, width) : markdown.split('\n');
}
