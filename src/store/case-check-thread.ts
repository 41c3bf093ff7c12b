/**
 * The checking thread of a large case import, seen from the main thread that writes
 * (case-import.ts), and what the two say to each other. The thread (case-check-worker.ts)
 * reads the file again from its start and checks its rows on a second, read-only
 * connection while this thread only writes: the rows arrive checked, in file order, and a
 * row the worker refused is checked again here, so that its refusal is worded exactly as
 * it would be without the worker.
 */
import { setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { CaseField } from '../core/case-row.js';
import { FileNotFound } from '../core/file-errors.js';
import { EmptyImport, MalformedCsv } from '../core/import-errors.js';
import type { DetectedEncoding } from '../io/csv-source.js';
import type { ImportRow } from '../io/import-pipeline.js';
import type { CheckedRow, ReadyCase, RowContext } from './case-import-rows.js';
import type { StoredEvent } from './event-row.js';
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
  /** Whether a refused row's cells are wanted (a rejects file): a valid row that may yet be refused then carries them. */
  keepCells: boolean;
  /** Tests only: give up after handing over this many messages. */
  stopAfter: number | null;
}

/** A row the checking thread handed over: checked, or to be checked again by the writer. */
export type HandedOverRow = CheckedRow | { recheck: ImportRow<CaseField> };

/**
 * Rows as they cross between the threads: the objects flattened into tags, numbers and
 * the strings they hold (each once a message, in one string). Posting the checked rows
 * as objects cost the writing thread 21 µs a row (CPU) to rebuild them from V8's
 * structured clone — 1,356 bytes a row, a dozen small objects, every key and some 58
 * strings read one by one: at 1,000,000 rows 15 s or more of the writer's 36. Packed,
 * tags and numbers cross as typed arrays (copied whole), the strings as one string split
 * again, and the writer builds the objects from the lists of their keys, sent once:
 * about 4 µs a row.
 */
export interface PackedRows {
  /** Per value: one of the tags below, `OBJECT + k` (the k-th list of keys; `ARRAY` is followed by a length), or −1 − i (the i-th string). */
  tags: Int32Array;
  numbers: Float64Array;
  /** The strings, each once, joined by `SEPARATOR`; or as an array when one holds it. */
  strings: string | string[];
  /** Values of no other kind (an error a refused row carries), as structured clone takes them. */
  others: unknown[];
  /** Lists of keys first used in this message, numbered on from those before. */
  shapes: string[][];
}

const NULL = 0;
const UNDEFINED = 1;
const FALSE = 2;
const TRUE = 3;
const NUMBER = 4;
const OTHER = 5;
const ARRAY = 6;
const RECHECK = 7;
const CHECKED = 8;
const READY = 9;
const OBJECT = 10;
const SEPARATOR = '\u0000';

/** Flattens rows on the checking thread's side; the lists of keys it has sent are remembered across messages. */
export class RowPacker {
  /** The lists of keys sent so far, by number, and the numbers of those that start with each key. */
  private readonly known: string[][] = [];
  private readonly shapeIds = new Map<string, number[]>();
  private readonly stringIds = new Map<string, number>();
  private strings: string[] = [];
  private tags = new Int32Array(1 << 14);
  private tagCount = 0;
  private numbers = new Float64Array(1 << 12);
  private numberCount = 0;
  private others: unknown[] = [];
  private shapes: string[][] = [];

  private tag(tag: number): void {
    if (this.tagCount === this.tags.length) {
      const grown = new Int32Array(this.tags.length * 2);
      grown.set(this.tags);
      this.tags = grown;
    }
    this.tags[this.tagCount++] = tag;
  }

  add(value: unknown): void {
    switch (typeof value) {
      case 'string': {
        let id = this.stringIds.get(value);
        if (id === undefined) {
          id = this.strings.length;
          this.stringIds.set(value, id);
          this.strings.push(value);
        }
        this.tag(-1 - id);
        return;
      }
      case 'number':
        if (this.numberCount === this.numbers.length) {
          const grown = new Float64Array(this.numbers.length * 2);
          grown.set(this.numbers);
          this.numbers = grown;
        }
        this.numbers[this.numberCount++] = value;
        this.tag(NUMBER);
        return;
      case 'boolean':
        this.tag(value ? TRUE : FALSE);
        return;
      case 'undefined':
        this.tag(UNDEFINED);
        return;
    }
    if (value === null) this.tag(NULL);
    else if (Array.isArray(value)) {
      this.tag(ARRAY);
      this.tag(value.length);
      for (const element of value) this.add(element);
    } else if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const keys = Object.keys(value);
      this.tag(OBJECT + this.shapeOf(keys));
      for (const key of keys) this.add((value as Record<string, unknown>)[key]);
    } else {
      // Anything else (an error a refused row carries) crosses as structured clone takes it.
      this.tag(OTHER);
      this.others.push(value);
    }
  }

  /**
   * A row to hand over. Its fixed parts — the row, its place, its events — are written
   * field by field: read through a generic walk, each key a megamorphic load, they took
   * most of the 10 µs that packing a row cost.
   */
  addRow(handed: HandedOverRow): void {
    if ('recheck' in handed) {
      this.tag(RECHECK);
      this.add(handed.recheck);
      return;
    }
    const { row, ready } = handed;
    this.tag(CHECKED);
    this.add(row.row);
    this.add(row.line);
    this.add(row.raw);
    this.add(handed.errors);
    this.add(handed.caseNo);
    this.add(handed.part);
    if (ready === null) {
      this.tag(NULL);
      return;
    }
    const { caseNo, day, values, events, pauses, rating, groups, noticed, ...rest } = ready;
    this.tag(READY);
    this.add(caseNo);
    this.add(day);
    this.add(values);
    this.tag(events.length);
    for (const [kind, at, tz, location, cut, details] of events) {
      this.add(kind);
      this.add(at);
      this.add(tz);
      this.add(location);
      this.add(cut);
      this.add(details);
    }
    this.add(pauses);
    if (rating === null) this.tag(NULL);
    else {
      this.tag(READY);
      this.add(rating.level);
      this.add(rating.date);
      this.add(rating.at);
    }
    this.add(groups.windowId);
    this.add(groups.departmentId);
    this.add(groups.itemId);
    this.add(groups.itemType);
    this.add(noticed);
    // What a ready case holds besides (nothing, today), as any object crosses.
    this.add(rest);
  }

  /**
   * The number of a list of keys, found by its first key and then key by key: keys are
   * internalized strings, so this compares pointers, where joining them into one string
   * to look it up was a third of packing a row.
   */
  private shapeOf(keys: string[]): number {
    const first = keys[0] ?? '';
    let candidates = this.shapeIds.get(first);
    if (candidates === undefined) {
      candidates = [];
      this.shapeIds.set(first, candidates);
    }
    for (const candidate of candidates) {
      const known = this.known[candidate]!;
      if (known.length !== keys.length) continue;
      let same = true;
      for (let index = 1; index < keys.length && same; index++) same = known[index] === keys[index];
      if (same) return candidate;
    }
    const id = this.known.length;
    this.known.push(keys);
    candidates.push(id);
    this.shapes.push(keys);
    return id;
  }

  /** The values added since the last take, packed. */
  take(): PackedRows {
    // A string holding the separator (a NUL in a cell) would split wrong: the message then keeps them apart.
    let whole = false;
    for (const text of this.strings) if (text.includes(SEPARATOR)) whole = true;
    const packed: PackedRows = {
      tags: this.tags.slice(0, this.tagCount),
      numbers: this.numbers.slice(0, this.numberCount),
      strings: whole ? this.strings : this.strings.join(SEPARATOR),
      others: this.others,
      shapes: this.shapes,
    };
    this.stringIds.clear();
    this.strings = [];
    this.tagCount = 0;
    this.numberCount = 0;
    this.others = [];
    this.shapes = [];
    return packed;
  }
}

/** Rebuilds on the writer's side what a `RowPacker` flattened, message after message. */
export class RowUnpacker {
  /** A function per list of keys that builds its object from the next values: a literal is built far faster than keys set one by one. */
  private readonly builders: ((next: () => unknown) => Record<string, unknown>)[] = [];
  private tags: Int32Array = new Int32Array(0);
  private numbers: Float64Array = new Float64Array(0);
  private strings: string[] = [];
  private others: unknown[] = [];
  private tag = 0;
  private number = 0;
  private other = 0;
  private readonly next = (): unknown => {
    const tag = this.tags[this.tag++]!;
    if (tag < 0) return this.strings[-1 - tag];
    switch (tag) {
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case NUMBER:
        return this.numbers[this.number++];
      case OTHER:
        return this.others[this.other++];
      case ARRAY: {
        const length = this.tags[this.tag++]!;
        const array = new Array(length);
        for (let index = 0; index < length; index++) array[index] = this.next();
        return array;
      }
      default:
        return this.builders[tag - OBJECT]!(this.next);
    }
  };

  /** The rows of one message, in the order they were added (`RowPacker.addRow`). */
  unpackRows(packed: PackedRows): HandedOverRow[] {
    return [...this.rowsOf(packed)];
  }

  /**
   * The rows of one message, each built as it is asked for: a row's objects then die young,
   * written before the next is made, rather than a message's worth surviving a scavenge.
   * Read them all before the next message.
   */
  *rowsOf(packed: PackedRows): Generator<HandedOverRow> {
    this.start(packed);
    const next = this.next;
    while (this.tag < this.tags.length) {
      if (this.tags[this.tag++] === RECHECK) {
        yield { recheck: next() as ImportRow<CaseField> };
        continue;
      }
      const row = { row: next() as number, line: next() as number, raw: next() as string[] };
      const errors = next() as CheckedRow['errors'];
      const caseNo = next() as string | null;
      const part = next() as CheckedRow['part'];
      let ready: ReadyCase | null = null;
      if (this.tags[this.tag++] === READY) {
        const caseNumber = next() as string | null;
        const day = next() as string;
        const values = next() as unknown[];
        const events: StoredEvent[] = new Array(this.tags[this.tag++]!);
        for (let index = 0; index < events.length; index++) {
          events[index] = [next() as number, next() as number, next() as number, next() as number | null, next() as number, next() as string];
        }
        const pauses = next() as ReadyCase['pauses'];
        const rating = this.tags[this.tag++] === READY ? { level: next() as number, date: next() as string, at: next() as string } : null;
        const groups = { windowId: next() as number, departmentId: next() as number, itemId: next() as number, itemType: next() as string };
        const noticed = next() as boolean;
        const rest = next() as object;
        ready = { caseNo: caseNumber, day, values, events, pauses, rating, groups, noticed, ...rest } as ReadyCase;
      }
      yield { row, errors, caseNo, ready, part };
    }
  }

  private start(packed: PackedRows): void {
    for (const keys of packed.shapes) {
      // Keys as JSON: a key is data read from our own rows, never code.
      this.builders.push(new Function('next', `return {${keys.map((key) => `${JSON.stringify(key)}: next()`).join(', ')}};`) as (typeof this.builders)[number]);
    }
    this.tags = packed.tags;
    this.numbers = packed.numbers;
    this.strings = typeof packed.strings === 'string' ? packed.strings.split(SEPARATOR) : packed.strings;
    this.others = packed.others;
    this.tag = 0;
    this.number = 0;
    this.other = 0;
  }

  /** The values of one message, in the order they were added. */
  unpack(packed: PackedRows): unknown[] {
    this.start(packed);
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
/** Messages (of 500 rows, see the worker) the checking thread may be ahead of the writer. */
const CHECKED_AHEAD = 4;
/**
 * The checking thread's heap. Its live data is small (the items and windows met, the
 * calendar, about 10 MB with the code); without a bound its old generation filled with
 * rows that had waited to be handed over, about 40 MB at 200,000 rows. Should a file ever
 * need more (a million different unknown item codes), the thread stops and this one
 * checks the rest. Checking allocates about 11 KB a row, nearly all of it short-lived:
 * its young generation of 2 MB (a larger one, 4–12 MB, was slower at 1,000,000 rows, the
 * collector's helper threads taking the writer's core), and an old generation of 48 MB,
 * with room for what a scavenge promotes: at 16 MB it was collected 430 times in a
 * 1,000,000-row import, and the thread took 22.4 s instead of 17.8 (ISO file). The room
 * comes from the writing thread's young generation, held at its size (`holdYoungGeneration`).
 */
const CHECKER_HEAP = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 48 };

/**
 * Stops this (the writing) thread's young generation from growing. Over a large import
 * each message's rows outlive a scavenge or two while they are written, and V8 grew the
 * young generation to its default bound, two 16 MB semi-spaces: 34 MB of the import's
 * peak memory for no gain in speed (1,000,000 ISO rows: 163 → 133 MB held at 4 MB, the same
 * time). A V8 flag, read when the young generation would grow; set once the checking
 * thread is running, because starting a worker's isolate set it back (measured on Node
 * 20). Process-wide, and left so: the import is the command's last work.
 */
function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

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
    worker.once('online', holdYoungGeneration);
    worker.on('message', receive);
    worker.on('error', (error) => receive({ type: 'failed', failure: { kind: 'other', message: error.message } }));
    worker.on('exit', () => receive({ type: 'failed', failure: { kind: 'other', message: 'the checking thread stopped' } }));
  }

  /**
   * Starts the thread, or null where it cannot run: a database in memory, or hall run from
   * its TypeScript sources (the tests). `stopAfter`, for tests only: the thread stops after
   * handing over this many messages, as if it had failed.
   */
  static start(db: Database, file: string, encoding: DetectedEncoding, context: RowContext, keepCells: boolean, stopAfter?: number): CheckerThread | null {
    if (db.memory) return null;
    const data: CheckerData = {
      database: db.name,
      file,
      encoding,
      busyTimeout: db.pragma('busy_timeout', { simple: true }) as number,
      context: { timeZone: context.timeZone, closingMinutes: context.closingMinutes, operator: context.operator, now: context.now.getTime() },
      ahead: CHECKED_AHEAD,
      keepCells,
      stopAfter: stopAfter ?? null,
    };
    const worker = startWorker('case-check-worker.js', data, CHECKER_HEAP);
    return worker && new CheckerThread(worker, file);
  }

  /** The checked batches in file order, and the years without a holiday schedule their deadlines met; the number of rows in the file once they are all read. */
  async *batches(): AsyncGenerator<{ rows: Iterable<HandedOverRow>; missingYears: number[] }, number> {
    const unpacker = new RowUnpacker();
    for (;;) {
      while (this.messages.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      const message = this.messages.shift()!;
      if (message.type === 'failed') throw checkerError(message.failure, this.file);
      if (message.type === 'done') return message.rows;
      this.bytesRead = message.bytesRead;
      yield { rows: unpacker.rowsOf(message.rows), missingYears: message.missingYears };
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
