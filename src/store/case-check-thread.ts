/**
 * The checking thread of a large case import, seen from the main thread that writes
 * (case-import.ts), and what the two say to each other. The thread (case-check-worker.ts)
 * reads the file again from its start and checks its rows on a second, read-only
 * connection while this thread only writes: the rows arrive checked, in file order, and a
 * row the worker refused is checked again here, so that its refusal is worded exactly as
 * it would be without the worker.
 */
import type { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { CaseField } from '../core/case-row.js';
import { FileNotFound } from '../core/file-errors.js';
import { EmptyImport, MalformedCsv } from '../core/import-errors.js';
import type { DetectedEncoding } from '../io/csv-source.js';
import type { ImportRow } from '../io/import-pipeline.js';
import type { CheckedRow, RowContext } from './case-import-rows.js';
import { startWorker } from './worker-thread.js';

/** What the checking thread starts with. */
export interface CheckerData {
  database: string;
  file: string;
  /** As the main thread's reading found it: the file is not checked again. */
  encoding: DetectedEncoding;
  busyTimeout: number;
  /** The row context, with the clock as milliseconds: a Date does not cross threads as one. */
  context: Omit<RowContext, 'now'> & { now: number };
  /** Messages handed over before the writer must say it has taken one (by posting anything back). */
  ahead: number;
  /** Tests only: give up after handing over this many messages. */
  stopAfter: number | null;
}

/** A row the checking thread handed over: checked, or to be checked again by the writer. */
export type HandedOverRow = CheckedRow | { recheck: ImportRow<CaseField> };

/** Why the checking thread stopped before the end of the file (its typed errors do not cross threads). */
export type CheckerFailure =
  | { kind: 'malformed'; line: number; detail: string }
  | { kind: 'empty'; reason: 'empty' | 'header_only' }
  | { kind: 'missing' }
  | { kind: 'other'; message: string };

/** What the checking thread says: rows checked (or to check again here), the end, or a failure. */
export type CheckerMessage =
  | { type: 'rows'; rows: HandedOverRow[]; bytesRead: number; missingYears: number[] }
  | { type: 'done'; rows: number }
  | { type: 'failed'; failure: CheckerFailure };

/** An error of the checking thread as it crosses to the main thread. */
export function checkerFailure(error: unknown): CheckerFailure {
  if (error instanceof MalformedCsv) return { kind: 'malformed', line: error.line, detail: error.detail };
  if (error instanceof EmptyImport) return { kind: 'empty', reason: error.reason };
  if (error instanceof FileNotFound) return { kind: 'missing' };
  return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
}

/** The checking thread stopped without a verdict on the file: this thread checks the rest. */
export class CheckerStopped extends Error {}

/** A failure of the checking thread as the main thread throws it: the file's own errors as typed, anything else as `CheckerStopped`. */
function checkerError(failure: CheckerFailure, file: string): Error {
  switch (failure.kind) {
    case 'malformed':
      return new MalformedCsv(file, failure.line, failure.detail);
    case 'empty':
      return new EmptyImport(file, failure.reason);
    case 'missing':
      return new FileNotFound(file);
    default:
      return new CheckerStopped(failure.message);
  }
}

/**
 * From this many rows (judged from the file's size, which errs low by up to half) an
 * import checks its rows in a worker thread while this one writes (`CheckerThread`). On
 * two cores the checks — parsing, lookups, events and deadlines, about a quarter of a
 * large import's time — then cost next to nothing: 1,000,000 rows took 36 s instead of
 * 42. From about 20,000 rows the thread's start and its second reading of the file are
 * paid back (30,000 rows: 1.8 s against 2.0).
 */
export const CHECK_IN_WORKER_FROM = 10_000;
/** Messages (of 100 rows, see the worker) the checking thread may be ahead of the writer. */
const CHECKED_AHEAD = 8;
/**
 * The checking thread's heap. Its live data is small (the items and windows met, the
 * calendar); without a bound its old generation filled with rows that had waited to be
 * handed over, about 40 MB at 200,000 rows. Should a file ever need more (a million
 * different unknown item codes), the thread stops and this one checks the rest.
 */
const CHECKER_HEAP = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 };

/**
 * The checking thread seen from the writer: its batches in file order, each taken only
 * when the writer is ready for it, so that the rows between the two stay few.
 */
export class CheckerThread {
  private readonly messages: CheckerMessage[] = [];
  private wake: (() => void) | null = null;
  private stopped = false;
  /** Bytes of the file the thread has read, for the progress bar. */
  bytesRead = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly file: string,
  ) {
    const receive = (message: CheckerMessage) => {
      this.messages.push(message);
      const resume = this.wake;
      this.wake = null;
      resume?.();
    };
    worker.on('message', receive);
    worker.on('error', (error) => receive({ type: 'failed', failure: { kind: 'other', message: error.message } }));
    worker.on('exit', () => receive({ type: 'failed', failure: { kind: 'other', message: 'the checking thread stopped' } }));
  }

  /**
   * Starts the thread, or null where it cannot run: a database in memory, or hall run from
   * its TypeScript sources (the tests). `stopAfter`, for tests only: the thread stops after
   * handing over this many messages, as if it had failed.
   */
  static start(db: Database, file: string, encoding: DetectedEncoding, context: RowContext, stopAfter?: number): CheckerThread | null {
    if (db.memory) return null;
    const data: CheckerData = {
      database: db.name,
      file,
      encoding,
      busyTimeout: db.pragma('busy_timeout', { simple: true }) as number,
      context: { timeZone: context.timeZone, closingMinutes: context.closingMinutes, operator: context.operator, now: context.now.getTime() },
      ahead: CHECKED_AHEAD,
      stopAfter: stopAfter ?? null,
    };
    const worker = startWorker('case-check-worker.js', data, CHECKER_HEAP);
    return worker && new CheckerThread(worker, file);
  }

  /** The checked batches in file order, and the years without a holiday schedule their deadlines met; the number of rows in the file once they are all read. */
  async *batches(): AsyncGenerator<{ rows: HandedOverRow[]; missingYears: number[] }, number> {
    for (;;) {
      while (this.messages.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      const message = this.messages.shift()!;
      if (message.type === 'failed') throw checkerError(message.failure, this.file);
      if (message.type === 'done') return message.rows;
      this.bytesRead = message.bytesRead;
      yield message;
      this.worker.postMessage(1);
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
