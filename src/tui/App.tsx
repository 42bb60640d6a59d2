/**
 * The whole TUI: the lesson list, a lesson, and the quit dialog. What it needs
 * from the lab comes through ServicesContext; how it ends (quit, or a shell to
 * open before coming back) goes to `onExit`.
 */
import { Box, Text, useApp, useInput } from 'ink';
import { useState } from 'react';
import { proseFor } from '../lab/loader.js';
import { otherLang } from '../lab/lang.js';
import { errorInfo } from '../lab/runner.js';
import type { Lang } from '../lab/types.js';
import { LessonList } from './LessonList.js';
import { LessonView } from './LessonView.js';
import { QuitDialog } from './QuitDialog.js';
import { StatusBar, type Message } from './StatusBar.js';
import { WorkshopLine } from './WorkshopLine.js';
import { emitLabEvent } from '../lab/events.js';
import { useServices } from './hooks/useServices.js';
import type { ShellPlan } from './services.js';
import { strings } from './strings.js';

export interface Resume {
  lang: Lang;
  lesson?: number;
  step?: number;
  /** Back from the learner's shell: this step is graded by its check. */
  gradeStep?: number;
  touched: string[];
}

export type Outcome = { kind: 'quit' } | { kind: 'shell'; plan: ShellPlan; resume: Resume };

export interface AppProps {
  initial: Resume;
  onExit(outcome: Outcome): void;
}

export function App({ initial, onExit }: AppProps) {
  const services = useServices();
  const { exit } = useApp();
  const [lang, setLang] = useState<Lang>(initial.lang);
  const [lesson, setLesson] = useState<number | undefined>(initial.lesson);
  const [touched, setTouched] = useState<string[]>(initial.touched);
  const [quitting, setQuitting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | undefined>(undefined);
  const t = strings(lang);
  const finish = (outcome: Outcome) => {
    onExit(outcome);
    exit();
  };
  const open = (index: number) => {
    const id = services.lessons[index]?.id;
    if (!id) return;
    setLesson(index);
    emitLabEvent({ kind: 'lesson-opened', lesson: id });
    if (!touched.includes(id)) setTouched([...touched, id]);
  };
  const quit = () => (touched.length ? setQuitting(true) : finish({ kind: 'quit' }));
  const removeAll = async () => {
    setBusy(true);
    try {
      for (const id of touched) await services.runner(await services.loadSteps(id)).reset();
      finish({ kind: 'quit' });
    } catch (error) {
      const e = errorInfo(error);
      setBusy(false);
      setQuitting(false);
      setMessage({ kind: 'error', text: e.message, ...(e.hint ? { hint: e.hint } : {}) });
    }
  };
  const shell = async (step: number, names: Record<string, string>) => {
    const info = services.lessons[lesson ?? 0]!;
    try {
      const steps = await services.loadSteps(info.id);
      const plan = await services.shellCommand(steps, steps.steps[step]!, names);
      finish({ kind: 'shell', plan, resume: { lang, ...(lesson === undefined ? {} : { lesson }), step, gradeStep: step, touched } });
    } catch (error) {
      const e = errorInfo(error);
      setMessage({ kind: 'error', text: e.message, ...(e.hint ? { hint: e.hint } : {}) });
    }
  };
  useInput(
    (input) => {
      if (input === 'q') quit();
      if (input === 'l') setLang(otherLang(lang));
    },
    { isActive: lesson === undefined && !quitting },
  );
  const info = lesson === undefined ? undefined : services.lessons[lesson];
  const dialog = quitting ? (
    <QuitDialog text={busy ? t.removing : t.quitAsk} busy={busy} onKeep={() => finish({ kind: 'quit' })} onRemove={() => void removeAll()} onCancel={() => setQuitting(false)} />
  ) : undefined;
  return (
    <Box flexDirection="column">
      {services.workshop ? <WorkshopLine source={services.workshop} /> : null}
      {info ? (
        <LessonView
          key={`${info.id}-${lang}`}
          info={info}
          prose={proseFor(info, lang)}
          lang={lang}
          initialStep={initial.lesson === lesson && initial.step !== undefined ? initial.step : services.progress.lesson(info.id).current}
          gradeStep={initial.lesson === lesson ? initial.gradeStep : undefined}
          active={!quitting}
          notice={message}
          dialog={dialog}
          onBack={() => (setLesson(undefined), setMessage(undefined))}
          onQuit={quit}
          onShell={(step, names) => void shell(step, names)}
          onLang={() => setLang(otherLang(lang))}
        />
      ) : (
        <Box flexDirection="column">
          <Text bold inverse>{` ${t.appTitle} `}</Text>
          <LessonList lang={lang} initial={initial.lesson ?? 0} active={!quitting} onOpen={open} />
          {dialog ?? <StatusBar message={message} keys={t.listKeys} />}
        </Box>
      )}
    </Box>
  );
}
