/**
 * The live panels the step names. Wide terminals show two side by side; a
 * small one shows one at a time, with tabs (p cycles). A panel that would
 * give the step's answer away shows a note instead until the step ran.
 */
import { Box, Text } from 'ink';
import type { PanelSnapshot } from '../lab/panels/source.js';
import type { PanelId } from '../lab/types.js';
import { Panel } from './Panel.js';
import type { Strings } from './strings.js';

export interface PanelsProps {
  ids: PanelId[];
  snapshots: PanelSnapshot[];
  /** Panels kept hidden until the step ran. */
  hidden: readonly PanelId[];
  focus: number;
  width: number;
  height: number;
  t: Strings;
}

export function Panels({ ids, snapshots, hidden, focus, width, height, t }: PanelsProps) {
  if (ids.length === 0) return <Text dimColor>{t.panelsNone}</Text>;
  const columns = width >= 100 && ids.length > 1 ? 2 : 1;
  const first = focus % ids.length;
  const order = [...ids.slice(first), ...ids.slice(0, first)].slice(0, columns);
  const shown = order.map((id) => {
    const snapshot = snapshots.find((s) => s.id === id);
    if (hidden.includes(id)) return { id, title: t.panelTitles[id], lines: [`(${t.panelHidden})`] };
    return snapshot && { ...snapshot, title: t.panelTitle(id, snapshot.title) };
  });
  return (
    <Box flexDirection="column" width={width} height={height}>
      {ids.length > columns && (
        <Text wrap="truncate">
          {ids.map((id) => (order.includes(id) ? `[${id}]` : ` ${id} `)).join(' ')}
          <Text dimColor> (p)</Text>
        </Text>
      )}
      <Box flexDirection="row">
        {shown.map(
          (panel) =>
            panel && <Panel key={panel.id} panel={panel} width={Math.floor(width / columns)} height={height - (ids.length > columns ? 1 : 0)} more={t.moreLines} />,
        )}
      </Box>
    </Box>
  );
}
