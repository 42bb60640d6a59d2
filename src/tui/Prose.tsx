/**
 * The current step's text, already rendered to lines, from line `start`. A
 * two-column gutter on the right holds the ↑/↓ markers, so a marker never
 * takes a word off the line it sits on.
 */
import { Box, Text } from 'ink';

export const GUTTER = 2;

export interface ProseProps {
  lines: string[];
  width: number;
  height: number;
  start: number;
}

export function Prose({ lines, width, height, start }: ProseProps) {
  const shown = lines.slice(start, start + height);
  const more = start + height < lines.length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {shown.map((line, i) => {
        const marker = i === 0 && start > 0 ? ' ↑' : i === shown.length - 1 && more ? ' ↓' : '';
        return (
          <Box key={i} flexDirection="row" width={width}>
            <Box width={width - GUTTER}>
              <Text wrap="truncate">{line || ' '}</Text>
            </Box>
            <Text dimColor>{marker}</Text>
          </Box>
        );
      })}
    </Box>
  );
}
