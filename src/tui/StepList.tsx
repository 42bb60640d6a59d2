/** The lesson's steps by title, with their status; the current one marked. */
import { Box, Text } from 'ink';

export type StepStatus = 'todo' | 'running' | 'done' | 'failed';

const ICON: Record<StepStatus, string> = { todo: '·', running: '…', done: '✓', failed: '✗' };
const COLOR: Record<StepStatus, string | undefined> = { todo: undefined, running: 'yellow', done: 'green', failed: 'red' };

export interface StepListProps {
  titles: string[];
  statuses: StepStatus[];
  current: number;
  width: number;
  height: number;
}

export function StepList({ titles, statuses, current, width, height }: StepListProps) {
  const start = Math.max(0, Math.min(current - Math.floor(height / 2), titles.length - height));
  return (
    <Box flexDirection="column" width={width}>
      {titles.slice(start, start + height).map((title, offset) => {
        const i = start + offset;
        const status = statuses[i] ?? 'todo';
        return (
          <Text key={i} color={COLOR[status]} inverse={i === current} wrap="truncate">
            {`${ICON[status]} ${i + 1} ${title}`}
          </Text>
        );
      })}
    </Box>
  );
}
