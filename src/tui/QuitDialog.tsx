/** Quit asks whether to keep what the lessons made (k) or remove it (r); Esc cancels. */
import { Box, Text, useInput } from 'ink';

export interface QuitDialogProps {
  text: string;
  busy: boolean;
  onKeep(): void;
  onRemove(): void;
  onCancel(): void;
}

export function QuitDialog({ text, busy, onKeep, onRemove, onCancel }: QuitDialogProps) {
  useInput(
    (input, key) => {
      if (input === 'k') onKeep();
      else if (input === 'r') onRemove();
      else if (key.escape || input === 'n') onCancel();
    },
    { isActive: !busy },
  );
  return (
    <Box borderStyle="round" borderColor="yellow" paddingX={1}>
      <Text wrap="wrap">{text}</Text>
    </Box>
  );
}
