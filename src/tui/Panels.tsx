/**
 * The live panels the step names. Wide terminals show two side by side; a
 * small one shows one at a time, with tabs (p cycles).
 */
import { Box, Text } from 'ink';
import type { PanelSnapshot } from '../lab/panels/source.js';
import type { PanelId } from '../lab/types.js';
import { Panel } from './Panel.js';

export interface PanelsProps {
  ids: PanelId[];
  snapshots: PanelSnapshot[];
  focus: number;
  width: number;
  height: number;
  emptyText: string;
}

export function Panels({ ids, snapshots, focus, width, height, emptyText }: PanelsProps) {
  if (ids.length === 0) return <Text dimColor>{emptyText}</Text>;
  const columns = width >= 100 && snapshots.length > 1 ? 2 : 1;
  const first = ids.length ? focus % ids.length : 0;
  const order = [...ids.slice(first), ...ids.slice(0, first)].slice(0, columns);
  const shown = order.map((id) => snapshots.find((s) => s.id === id)).filter((s): s is PanelSnapshot => s !== undefined);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {ids.length > columns && (
        <Text wrap="truncate">
          {ids.map((id) => (order.includes(id) ? `[${id}]` : ` ${id} `)).join(' ')}
          <Text dimColor> (p)</Text>
        </Text>
      )}
      <Box flexDirection="row">
        {shown.map((panel) => (
          <Panel key={panel.id} panel={panel} width={Math.floor(width / columns)} height={height - (ids.length > columns ? 1 : 0)} />
        ))}
      </Box>
    </Box>
  );
}
