/**
 * Help text laid out by display width. commander measures a string by its length and
 * wraps only at spaces, so a Chinese description (two columns a character, no spaces)
 * ran past the terminal while `xlsx` and `--format` were the only places it could fold.
 */
import { stripVTControlCharacters } from 'node:util';
import { isPlain, plainWidth } from './render.js';

/**
 * The width help is laid out for: the terminal's (80 columns if it does not say). Help
 * sent to a pipe or a file is not folded, so that `grep` finds a whole sentence and a
 * pager folds it to its own width.
 */
export function helpWidthOf(stream: { isTTY?: boolean; columns?: number }): number {
  if (stream.isTTY !== true) return UNFOLDED;
  return stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
}
const UNFOLDED = 10_000;

// East Asian Wide and Fullwidth ranges: Hangul, CJK, kana, compatibility forms, and the
// ideographs beyond the BMP. Help is hall's own text, so string-width (slow to load,
// for emoji) is not needed to measure it.
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** Columns a help string takes on a terminal, colour codes aside. */
export function helpDisplayWidth(text: string): number {
  const plain = stripVTControlCharacters(text);
  if (isPlain(plain)) return plainWidth(plain);
  let width = 0;
  for (const character of plain) width += WIDE.test(character) ? 2 : /\p{Mn}|\p{Me}|\u200b|\u200d/u.test(character) ? 0 : 1;
  return width;
}

/** Not at the start of a line (a closing mark stays with what it closes). */
const NO_START = new Set([...'、，。；：！？）》」』】〕’”…', ')', ']', ',', '.', ';', ':', '!', '?']);
/** Not at the end of a line (an opening mark stays with what it opens). */
const NO_END = new Set([...'（《「『【〔‘“', '(', '[']);

const isWide = (segment: string) => WIDE.test(segment);

/**
 * Whether a line may end between `before` and `after`: at a space, between two Chinese
 * characters as Chinese is set, or after a Chinese mark (`可用：` | `table`); never
 * inside a run of Latin letters, digits and signs (a word, a flag, `$HALL_DB`), nor
 * between a number and its Chinese unit (`20` | `个工作日`).
 */
function mayBreak(before: string, after: string): boolean {
  if (after === ' ' || NO_START.has(after) || NO_END.has(before)) return false;
  if (before === ' ') return true;
  return isWide(before) && (isWide(after) || NO_START.has(before));
}

let segmenter: Intl.Segmenter | undefined;

function wrapLine(line: string, width: number): string[] {
  segmenter ??= new Intl.Segmenter();
  const lines: string[] = [];
  let segments: string[] = [];
  let lineWidth = 0;
  for (const { segment } of segmenter.segment(line)) {
    const next = helpDisplayWidth(segment);
    if (lineWidth + next > width && segment !== ' ') {
      // The last place in this line, or before the incoming segment, where it may end.
      let at = -1;
      if (segments.length > 0 && mayBreak(segments[segments.length - 1]!, segment)) at = segments.length;
      else for (let index = segments.length - 1; index > 0 && at === -1; index--) if (mayBreak(segments[index - 1]!, segments[index]!)) at = index;
      if (at > 0) {
        lines.push(segments.slice(0, at).join('').trimEnd());
        segments = segments.slice(at);
        while (segments[0] === ' ') segments.shift();
        lineWidth = helpDisplayWidth(segments.join(''));
      }
    }
    segments.push(segment);
    lineWidth += next;
  }
  lines.push(segments.join('').trimEnd());
  return lines;
}

/**
 * `text` folded to `width` columns at the places mayBreak allows, its own line breaks
 * kept. A word wider than the line stays whole and runs past it.
 */
export function wrapHelp(text: string, width: number): string {
  return text
    .split(/\r?\n/)
    .map((line) => (helpDisplayWidth(line) <= width ? line : wrapLine(line, width).join('\n')))
    .join('\n');
}
