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

/**
 * Rows as they cross between the threads: the objects flattened into a stream of tags,
 * the strings they hold (each once a message) and their other primitives. Posting the
 * checked rows as objects cost the writing thread 15 µs a row to rebuild them from V8's
 * structured clone (1,356 bytes a row: a dozen small objects, every key and some 58
 * strings read one by one): at 1,000,000 rows that was 15 s of the writer's 36. Packed,
 * a row's strings cross as a slice of one string, its numbers as a plain array, and the
 * writer rebuilds the objects from the list of their keys, sent once.
 */
export interface PackedRows {
  /** Per value: `PRIMITIVE` (the next of `values`), `ARRAY` and a length, `OBJECT + k` (the k-th list of keys), or −1 − i (the i-th string). */
  tags: number[];
  /** The strings, each once, joined by `SEPARATOR`; or as an array when one holds it. */
  strings: string | string[];
  values: unknown[];
  /** Lists of keys first used in this message, numbered on from those before. */
  shapes: string[][];
}

const PRIMITIVE = 0;
const ARRAY = 1;
const OBJECT = 2;
const SEPARATOR = '\u0000';

/** Flattens rows on the checking thread's side; the lists of keys it has sent are remembered across messages. */
export class RowPacker {
  private readonly shapeIds = new Map<string, number>();
  private readonly stringIds = new Map<string, number>();
  private strings: string[] = [];
  private tags: number[] = [];
  private values: unknown[] = [];
  private shapes: string[][] = [];

  add(value: unknown): void {
    if (typeof value === 'string') {
      let id = this.stringIds.get(value);
      if (id === undefined) {
        id = this.strings.length;
        this.stringIds.set(value, id);
        this.strings.push(value);
      }
      this.tags.push(-1 - id);
    } else if (value === null || typeof value !== 'object') {
      this.tags.push(PRIMITIVE);
      this.values.push(value);
    } else if (Array.isArray(value)) {
      this.tags.push(ARRAY, value.length);
      for (const element of value) this.add(element);
    } else if (Object.getPrototypeOf(value) === Object.prototype) {
      const keys = Object.keys(value);
      const signature = keys.join(SEPARATOR);
      let id = this.shapeIds.get(signature);
      if (id === undefined) {
        id = this.shapeIds.size;
        this.shapeIds.set(signature, id);
        this.shapes.push(keys);
      }
      this.tags.push(OBJECT + id);
      for (const key of keys) this.add((value as Record<string, unknown>)[key]);
    } else {
      // Anything else (an error a refused row carries) crosses as structured clone takes it.
      this.tags.push(PRIMITIVE);
      this.values.push(value);
    }
  }

  /** The values added since the last take, packed. */
  take(): PackedRows {
    const joined = this.strings.join(SEPARATOR);
    // A string holding the separator (a NUL in a cell) would split wrong: the message keeps them apart.
    const whole = this.strings.some((text) => text.includes(SEPARATOR));
    const packed = { tags: this.tags, strings: whole ? this.strings : joined, values: this.values, shapes: this.shapes };
    this.stringIds.clear();
    this.strings = [];
    this.tags = [];
    this.values = [];
    this.shapes = [];
    return packed;
  }
}

/** Rebuilds on the writer's side what a `RowPacker` flattened, message after message. */
export class RowUnpacker {
  /** A function per list of keys that builds its object from the next values: a literal is built far faster than keys set one by one. */
  private readonly builders: ((next: () => unknown) => Record<string, unknown>)[] = [];
  private tags: number[] = [];
  private strings: string[] = [];
  private values: unknown[] = [];
  private tag = 0;
  private value = 0;
  private readonly next = (): unknown => {
    const tag = this.tags[this.tag++]!;
    if (tag < 0) return this.strings[-1 - tag];
    if (tag === PRIMITIVE) return this.values[this.value++];
    if (tag === ARRAY) {
      const length = this.tags[this.tag++]!;
      const array = new Array(length);
      for (let index = 0; index < length; index++) array[index] = this.next();
      return array;
    }
    return this.builders[tag - OBJECT]!(this.next);
  };

  /** The values of one message, in the order they were added. */
  unpack(packed: PackedRows): unknown[] {
    for (const keys of packed.shapes) {
      // Keys as JSON: a key is data read from our own rows, never code.
      this.builders.push(new Function('next', `return {${keys.map((key) => `${JSON.stringify(key)}: next()`).join(', ')}};`) as (typeof this.builders)[number]);
    }
    this.tags = packed.tags;
    this.strings = typeof packed.strings === 'string' ? packed.strings.split(SEPARATOR) : packed.strings;
    this.values = packed.values;
    this.tag = 0;
    this.value = 0;
    const out: unknown[] = [];
    while (this.tag < this.tags.length) out.push(this.next());
    return out;
  }
}

/** Why the checking thread stopped before the end of the file (its typed errors do not cross threads). */
export type CheckerFailure =
  | { kind: 'malformed'; line: number; detail: string }
  | { kind: 'empty'; reason: 'empty' | 'header_only' }
  | { kind: 'missing' }
  | { kind: 'other'; message: string };

/** What the checking thread says: rows checked (or to check again here, packed: `RowPacker`), the end, or a failure. */
export type CheckerMessage =
  | { type: 'rows'; rows: PackedRows; bytesRead: number; missingYears: number[] }
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
    const unpacker = new RowUnpacker();
    for (;;) {
      while (this.messages.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      const message = this.messages.shift()!;
      if (message.type === 'failed') throw checkerError(message.failure, this.file);
      if (message.type === 'done') return message.rows;
      this.bytesRead = message.bytesRead;
      yield { rows: unpacker.unpack(message.rows) as HandedOverRow[], missingYears: message.missingYears };
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
