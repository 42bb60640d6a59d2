/** One live panel: a title and its lines; lines that just changed are highlighted. */
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import type { PanelSnapshot } from '../lab/panels/source.js';
import { useChangedLines } from './hooks/useChangedLines.js';

export interface PanelProps {
  panel: PanelSnapshot;
  width: number;
  height: number;
}

export function Panel({ panel, width, height }: PanelProps) {
  const changed = useChangedLines(panel.lines);
  // Panels re-render only when the kernel's state changes; draw once more to drop the highlight.
  const [, redraw] = useState(0);
  const highlighted = changed.some(Boolean);
  useEffect(() => {
    if (!highlighted) return;
    const timer = setTimeout(() => redraw((n) => n + 1), 2100);
    return () => clearTimeout(timer);
  }, [panel, highlighted]);
  const room = Math.max(1, height - 1);
  const shown = panel.lines.slice(0, room);
  const hidden = panel.lines.length - shown.length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color="cyan" wrap="truncate">
        {`${panel.title}${hidden > 0 ? `  (+${hidden} line${hidden === 1 ? '' : 's'})` : ''}`}
      </Text>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate" {...(changed[i] ? { color: 'black', backgroundColor: 'yellow' } : {})}>
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
