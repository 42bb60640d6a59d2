/** The bottom lines: a message (errors with their hint; two rows when long) above the keys. */
import { Box, Text } from 'ink';

export type Message = { kind: 'info' | 'ok' | 'error' | 'hint' | 'busy'; text: string; hint?: string };

const COLOR = { info: undefined, ok: 'green', error: 'red', hint: 'cyan', busy: 'yellow' } as const;

export function StatusBar({ message, keys, rows = 1 }: { message: Message | undefined; keys: string; rows?: number }) {
  return (
    <Box flexDirection="column">
      <Box height={rows} overflow="hidden">
        <Text wrap="wrap" color={message ? COLOR[message.kind] : undefined}>
          {message ? `${message.kind === 'busy' ? '… ' : ''}${message.text}${message.hint ? `  — ${message.hint}` : ''}` : ' '}
        </Text>
      </Box>
      <Text inverse wrap="truncate">
        {` ${keys} `}
      </Text>
    </Box>
  );
}
