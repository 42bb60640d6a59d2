/** The bottom line: a message (errors with their hint) above the keys. */
import { Box, Text } from 'ink';

export type Message = { kind: 'info' | 'ok' | 'error' | 'hint' | 'busy'; text: string; hint?: string };

const COLOR = { info: undefined, ok: 'green', error: 'red', hint: 'cyan', busy: 'yellow' } as const;

export function StatusBar({ message, keys }: { message: Message | undefined; keys: string }) {
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" color={message ? COLOR[message.kind] : undefined}>
        {message ? `${message.kind === 'busy' ? '… ' : ''}${message.text}${message.hint ? `  — ${message.hint}` : ''}` : ' '}
      </Text>
      <Text inverse wrap="truncate">
        {` ${keys} `}
      </Text>
    </Box>
  );
}
