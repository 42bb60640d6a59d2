/**
 * Inside a lesson: steps on the left; the step's text, its live panels and
 * "what tslab did" on the right; the question, messages and keys at the
 * bottom. The text is the step's before-part until the step ran and its
 * prediction was answered; then the feedback, the explanation and "Try it
 * yourself" follow, and the view scrolls to them.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { fillNames } from '../lab/names.js';
import { isChallenge, type Lang, type LessonInfo, type LessonProse } from '../lab/types.js';
import { footerKeys } from './footer.js';
import { Panels } from './Panels.js';
import { PredictBox } from './PredictBox.js';
import { GUTTER, Prose } from './Prose.js';
import { StatusBar, type Message } from './StatusBar.js';
import { StepList } from './StepList.js';
import { stepText } from './step-text.js';
import { TranscriptView, transcriptLines, transcriptStart } from './TranscriptView.js';
import { revealed, useLesson } from './hooks/useLesson.js';
import { useMarkdown } from './hooks/useMarkdown.js';
import { usePanels } from './hooks/usePanels.js';
import { useServices } from './hooks/useServices.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { layout, MIN, tooSmall } from './layout.js';

export interface LessonViewProps {
  info: LessonInfo;
  prose: LessonProse;
  lang: Lang;
  initialStep: number;
  /** Back from the learner's shell: grade this step by its check. */
  gradeStep?: number | undefined;
  active: boolean;
  /** A message from outside the lesson (a shell that could not open). */
  notice?: Message | undefined;
  /** Shown in place of the transcript (the quit question); the lesson stays as it is. */
  dialog?: ReactNode;
  onBack(): void;
  onQuit(): void;
  onShell(step: number, names: Record<string, string>): void;
  onLang(): void;
}

export function LessonView({ info, prose, lang, initialStep, gradeStep, active, notice, dialog, onBack, onQuit, onShell, onLang }: LessonViewProps) {
  const services = useServices();
  const { state, actions, ids, t } = useLesson(services, info, prose, lang, initialStep, gradeStep);
  const terminal = useTerminalSize();
  // One row spare: a frame as tall as the terminal makes it scroll.
  const size = { columns: terminal.columns, rows: terminal.rows - 1 };
  const [scroll, setScroll] = useState(0);
  const [logScroll, setLogScroll] = useState(0);
  const [focus, setFocus] = useState(0);
  // A notice shows until the next key.
  const noticeSeen = useRef<Message | undefined>(undefined);
  const i = state.current;
  const step = prose.steps[i];
  const def = state.steps?.steps[i];
  const shown = revealed(state, prose, i);
  const result = state.results[i];
  const predict = step?.predict;
  const box = layout(size, predict ? predict.choices.length + 1 : 0);
  const panelIds = def?.panels ?? [];
  const snapshots = usePanels(state.panels, panelIds, 500, state.tick);

  const text = step ? stepText(prose, i, { t, revealed: shown, hints: state.hints[i] ?? 0, chosen: state.predictions[i], ran: Boolean(result) }) : { before: '', all: '' };
  const lines = useMarkdown(fillNames(text.all, state.names), box.right - GUTTER);
  const beforeLines = useMarkdown(fillNames(text.before, state.names), box.right - GUTTER).length;
  const maxStart = Math.max(0, lines.length - box.prose);
  // Revealed: open at the feedback and explanation (scrolling up shows the before-part).
  const base = shown && text.before !== text.all ? Math.min(beforeLines, maxStart) : 0;
  const start = Math.max(0, Math.min(maxStart, base + scroll));
  const logLines = result ? transcriptLines(result, t).length : 0;
  const logRoom = Math.max(1, box.transcript - 1);

  useEffect(() => setScroll(0), [i, shown, state.hints[i]]);
  useEffect(() => setLogScroll(0), [i, result]);

  const latest = useRef(state);
  latest.current = state;
  useInput(
    (input, key) => {
      const state = latest.current;
      noticeSeen.current = notice;
      const page = Math.max(1, box.prose - 1);
      // Scrolling stays inside the text, so the reverse key answers at once.
      const scrollBy = (delta: number) => setScroll((s) => Math.max(-base, Math.min(maxStart - base, s + delta)));
      if (input === 'q' && !state.busy) onQuit();
      else if (tooSmall(size)) return;
      else if (/^[1-9]$/.test(input)) actions.choose(state, Number(input) - 1);
      else if (input === 'n' || key.return) actions.next(state);
      else if (key.rightArrow) actions.move(state, 1);
      else if (key.leftArrow) actions.move(state, -1);
      else if (input === 'c') void actions.check(state);
      else if (input === 'h') actions.hint(state);
      else if (input === 'v') actions.hint(state, true);
      else if (input === 'r') void actions.reset(state);
      else if (input === 'p') setFocus((f) => f + 1);
      else if (input === 'j' || key.downArrow) scrollBy(1);
      else if (input === 'k' || key.upArrow) scrollBy(-1);
      else if (key.pageDown || input === ' ') scrollBy(page);
      else if (key.pageUp) scrollBy(-page);
      else if (input === ']') setLogScroll((s) => Math.min(Math.max(0, logLines - logRoom), s + Math.max(1, logRoom - 1)));
      else if (input === '[') setLogScroll((s) => Math.max(0, s - Math.max(1, logRoom - 1)));
      else if (input === 's' && !state.busy) onShell(state.current, state.names);
      else if ((input === 'b' || key.escape) && !state.busy) onBack();
      else if (input === 'l') onLang();
    },
    { isActive: active },
  );

  if (tooSmall(size)) {
    return (
      <Box width={size.columns} height={size.rows}>
        <Text color="yellow" wrap="wrap">
          {t.tooSmall(terminal.columns, terminal.rows, MIN.columns, MIN.rows)}
        </Text>
      </Box>
    );
  }
  const challenge = def ? isChallenge(def) : false;
  const seen = noticeSeen.current;
  const keys = footerKeys(t, { choices: predict && state.predictions[i] === undefined ? predict.choices.length : 0, done: Boolean(result?.check.ok), challenge, scrolls: lines.length > box.prose, logScrolls: logLines > logRoom }, size.columns - 2);
  const header = ` tslab · ${t.lessonLabel(info.id)} ${prose.title} · ${t.stepLabel(i + 1, ids.length)} ${step?.title ?? ''} `;
  return (
    <Box flexDirection="column" width={size.columns} height={size.rows}>
      <Text bold inverse wrap="truncate">{header}</Text>
      <Box flexDirection="row" height={box.main}>
        <StepList titles={prose.steps.map((s) => s.title || s.id)} statuses={state.statuses} current={i} width={box.left} height={box.main} />
        <Box flexDirection="column" width={box.right} marginLeft={1}>
          <Prose lines={lines} width={box.right} height={box.prose} start={start} />
          <Panels ids={panelIds} snapshots={snapshots} hidden={shown ? [] : (def?.reveals ?? [])} focus={focus} width={box.right} height={box.panels} t={t} />
        </Box>
      </Box>
      {predict && <PredictBox predict={predict} chosen={state.predictions[i]} check={result?.check} revealed={shown} names={state.names} lang={lang} t={t} />}
      {dialog ?? <TranscriptView result={result} emptyText={challenge ? t.nothingChallenge : t.nothingYet} t={t} width={size.columns} height={box.transcript} offset={transcriptStart(logLines, logRoom, logScroll)} />}
      <StatusBar message={notice && notice !== seen ? notice : state.message} keys={keys} rows={box.message} />
    </Box>
  );
}
