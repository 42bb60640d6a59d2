/** One line above the lab when the learner joined a class: the workshop's name and the instructor's latest message. */
import { Text } from 'ink';
import { useSyncExternalStore } from 'react';
import type { WorkshopStatusSource } from './services.js';

export function WorkshopLine({ source }: { source: WorkshopStatusSource }) {
  const status = useSyncExternalStore(source.onStatus, source.status);
  const pace = status.paceLock === null ? '' : `  · lessons 1–${status.paceLock} open`;
  const state = status.online ? '' : `  (offline${status.queued ? `, ${status.queued} to send` : ''})`;
  return (
    <Text wrap="truncate" color="magenta">
      {`▣ ${status.name}${status.message ? ` — ${status.message}` : ''}${pace}${state}`}
    </Text>
  );
}
