/**
 * "What tslab did": the host commands of the last step (shim syscalls folded
 * into a count), then their output; the tail is shown when it does not fit.
 */
import { Box, Text } from 'ink';
import { shimCallSummary } from '../lab/shim-calls.js';
import type { StepResult } from '../lab/types.js';

export interface TranscriptViewProps {
  result: StepResult | undefined;
  title: string;
  emptyText: string;
  width: number;
  height: number;
}

export function transcriptLines(result: StepResult): string[] {
  const lines: string[] = [];
  for (const entry of result.transcript) {
    if (entry.kind === 'syscall') continue;
    const text = entry.text.split('\n')[0] ?? '';
    lines.push(entry.kind === 'note' ? `# ${text}` : `$ ${text}`);
  }
  const shim = shimCallSummary(result.transcript);
  if (shim) lines.push(`  (+${shim})`);
  for (const block of result.output) for (const line of block.split('\n')) lines.push(`  ${line}`);
  return lines;
}

export function TranscriptView({ result, title, emptyText, width, height }: TranscriptViewProps) {
  const lines = result ? transcriptLines(result) : [];
  const room = Math.max(1, height - 1);
  // Commands come first and matter most: show the head, and say how much is left.
  const shown = lines.length > room ? lines.slice(0, room) : lines;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color="magenta" wrap="truncate">{`${title}${lines.length > room ? ` (${room} of ${lines.length} lines)` : ''}`}</Text>
      {shown.length === 0 && <Text dimColor>{emptyText}</Text>}
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate" color={line.startsWith('$') ? 'green' : undefined}>
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
