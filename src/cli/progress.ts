/**
 * A progress bar for long imports: drawn on stderr only when stderr is a terminal,
 * so a cron job's log and a pipe stay clean (SPEC §5).
 */
import type { OutputStream } from './context.js';

export interface Progress {
  update(done: number): void;
  finish(): void;
}

const NO_PROGRESS: Progress = { update() {}, finish() {} };
const WIDTH = 30;
const REDRAW_MS = 100;

export function progressBar(stream: OutputStream, total: number, label: string): Progress {
  if (stream.isTTY !== true || total <= 0) return NO_PROGRESS;
  let last = 0;
  let drawn = false;
  const draw = (done: number) => {
    const ratio = Math.min(1, done / total);
    const filled = Math.round(ratio * WIDTH);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%`);
    drawn = true;
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last < REDRAW_MS) return;
      last = now;
      draw(done);
    },
    finish() {
      if (drawn) {
        draw(total);
        stream.write('\n');
      }
    },
  };
}
