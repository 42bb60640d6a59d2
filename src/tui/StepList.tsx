/** The lesson's steps with their status; the current one marked. */
import { Box, Text } from 'ink';

export type StepStatus = 'todo' | 'running' | 'done' | 'failed';

const ICON: Record<StepStatus, string> = { todo: '·', running: '…', done: '✓', failed: '✗' };
const COLOR: Record<StepStatus, string | undefined> = { todo: undefined, running: 'yellow', done: 'green', failed: 'red' };

export interface StepListProps {
  ids: string[];
  statuses: StepStatus[];
  current: number;
  width: number;
  height: number;
}

export function StepList({ ids, statuses, current, width, height }: StepListProps) {
  const start = Math.max(0, Math.min(current - Math.floor(height / 2), ids.length - height));
  return (
    <Box flexDirection="column" width={width}>
      {ids.slice(start, start + height).map((id, offset) => {
        const i = start + offset;
        const status = statuses[i] ?? 'todo';
        return (
          <Text key={id} color={COLOR[status]} inverse={i === current} wrap="truncate">
            {`${ICON[status]} ${i + 1} ${id}`}
          </Text>
        );
      })}
    </Box>
  );
}
