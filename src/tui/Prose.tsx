/** The current step's prose, rendered from Markdown, scrolled by `offset` lines. */
import { Box, Text } from 'ink';
import { useMarkdown } from './hooks/useMarkdown.js';
import { wrapToWidth } from './wrap.js';

export interface ProseProps {
  markdown: string;
  width: number;
  height: number;
  offset: number;
}

export function Prose({ markdown, width, height, offset }: ProseProps) {
  const lines = useMarkdown(markdown, width);
  const start = Math.max(0, Math.min(offset, lines.length - height));
  const shown = lines.slice(start, start + height);
  const more = start + height < lines.length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate">
          {i === shown.length - 1 && more ? `${wrapToWidth(line, Math.max(1, width - 3))[0]} ↓` : line || ' '}
        </Text>
      ))}
    </Box>
  );
}
