/**
 * Wrapping by display width, for English and Chinese alike. A Chinese
 * character takes two columns and may break anywhere (no spaces between
 * words); an English word breaks only at spaces. Colour codes (SGR) take no
 * columns and are closed at each line end and reopened on the next line, so
 * one line's style never bleeds into the panel beside it.
 */
import stringWidth from 'string-width';

const RESET = '\x1b[0m';
const WIDE = '\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6';
// Chinese punctuation that must not start a line: it stays with what it follows.
const CLOSING = '\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\u201d\u2019\uff09\u300b\u300d\u300f\u3011\u3015\u2026';
const SGR = '\x1b\\[[0-9;]*m';
const NARROW = `[^ \t\x1b${WIDE}]+`;
// A word: a run of narrow characters that may change colour inside (`tslab`'s is
// one word: the code's colour ends before 's) | an SGR code alone | spaces | one
// wide character (CJK, full-width); a word or wide character with its closing punctuation.
const TOKEN = new RegExp(`((?:${SGR})*${NARROW}(?:(?:${SGR})+${NARROW})*[${CLOSING}]*)|(${SGR})|([ \t]+)|([${WIDE}][${CLOSING}]*)`, 'gu');
const SGR_ALL = new RegExp(SGR, 'g');
const PIECE = new RegExp(`${SGR}|.`, 'gsu');

export function wrapToWidth(text: string, width: number): string[] {
  const out: string[] = [];
  for (const source of text.split('\n')) wrapLine(source, Math.max(1, width), out);
  return out;
}

function wrapLine(source: string, width: number, out: string[]): void {
  let active: string[] = [];
  let line = '';
  let used = 0;
  // Spaces wait for the next word: kept before it on the same line, dropped at a break.
  let pending = '';
  let wrapped = false;
  const breakLine = () => {
    wrapped = true;
    out.push(active.length > 0 ? line + RESET : line);
    line = active.join('');
    used = 0;
    pending = '';
  };
  const place = (text: string, w: number) => {
    line += pending + text;
    used += stringWidth(pending) + w;
    pending = '';
    for (const [sgr] of text.matchAll(SGR_ALL)) active = style(active, sgr);
  };
  for (const [token, word, sgr, space] of source.matchAll(TOKEN)) {
    if (sgr) {
      active = style(active, sgr);
      line += sgr;
      continue;
    }
    if (space) {
      // Indentation of the source line (code blocks, lists) is kept; after a break it is not.
      if (used === 0 && !wrapped) place(token, stringWidth(token));
      else if (used > 0) pending += token;
      continue;
    }
    const tokenWidth = stringWidth(token);
    if (used > 0 && used + stringWidth(pending) + tokenWidth > width) breakLine();
    if (word && tokenWidth > width) {
      // A word longer than the line (a path, a long flag): cut it by characters.
      for (const [piece] of token.matchAll(PIECE)) {
        const w = stringWidth(piece);
        if (w > 0 && used > 0 && used + stringWidth(pending) + w > width) breakLine();
        place(piece, w);
      }
      continue;
    }
    place(token, tokenWidth);
  }
  out.push(line);
}

const style = (active: string[], sgr: string): string[] => (/^\x1b\[0?m$/.test(sgr) ? [] : [...active, sgr]);
