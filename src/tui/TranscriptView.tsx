/**
 * "What tslab did": each host command of the step with its output under it
 * (shim syscalls folded into a count), scrolled by `offset` lines.
 */
import { Box, Text } from 'ink';
import type { TranscriptEntry } from '../engine/transcript.js';
import { shimCalls } from '../lab/shim-calls.js';
import type { StepResult } from '../lab/types.js';
import type { Strings } from './strings.js';

export interface TranscriptViewProps {
  result: StepResult | undefined;
  emptyText: string;
  t: Strings;
  width: number;
  height: number;
  offset: number;
}

export function transcriptLines(result: StepResult, t: Strings): string[] {
  const lines: string[] = [];
  const outputs = (after: number) =>
    result.output.forEach((block, i) => {
      if ((result.outputAt?.[i] ?? result.transcript.length) === after) for (const line of block.split('\n')) lines.push(`  ${line}`);
    });
  if (result.byHand) lines.push(`✓ ${t.byHand}`);
  outputs(0);
  let syscalls: TranscriptEntry[] = [];
  result.transcript.forEach((entry, i) => {
    if (entry.kind === 'syscall') syscalls.push(entry);
    else {
      const text = entry.text.split('\n')[0] ?? '';
      lines.push(entry.kind === 'note' ? `# ${text}` : `$ ${text}`);
    }
    // A run of shim syscalls is one line, where it happened, naming the calls the shim reported.
    const shim = result.transcript[i + 1]?.kind === 'syscall' ? undefined : shimCalls(syscalls);
    if (shim) {
      lines.push(`  ${t.syscalls(shim.total, shim.calls)}`);
      syscalls = [];
    }
    outputs(i + 1);
  });
  return lines;
}

/** The first line shown for `offset`, kept inside the text. */
export const transcriptStart = (total: number, room: number, offset: number) => Math.max(0, Math.min(offset, total - room));

export function TranscriptView({ result, emptyText, t, width, height, offset }: TranscriptViewProps) {
  const lines = result ? transcriptLines(result, t) : [];
  const room = Math.max(1, height - 1);
  const start = transcriptStart(lines.length, room, offset);
  const shown = lines.slice(start, start + room);
  const scrolls = lines.length > room;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color="magenta" wrap="truncate">{`${t.whatTslabDid}${scrolls ? `  (${t.linesOf(start + 1, start + shown.length, lines.length)})` : ''}`}</Text>
      {shown.length === 0 && <Text dimColor>{emptyText}</Text>}
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate" color={line.startsWith('$') ? 'green' : line.startsWith('✓') ? 'green' : undefined}>
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
