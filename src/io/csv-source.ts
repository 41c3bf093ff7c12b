/**
 * Reading the CSV files centers really have (SPEC §5): Excel exports in GB18030,
 * UTF-8 with or without a BOM, or UTF-16LE "Unicode text" (tab-delimited).
 *
 * The encoding is settled in a first pass over the bytes, before any row is used:
 * strict UTF-8 first and GB18030 only as a fallback, because decoding UTF-8 as
 * GB18030 "succeeds" with garbage. Both passes stream, so memory stays flat.
 */

import { isUtf8 } from 'node:buffer';
import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { FileNotFound } from '../core/file-errors.js';
import { type BadByte, EmptyImport, MalformedCsv, Undecodable } from '../core/import-errors.js';
import type { Problem } from '../core/problems.js';

export type EncodingChoice = 'auto' | 'utf8' | 'gb18030';
export type DetectedEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'gb18030';

export interface CsvRecord {
  cells: string[];
  /** Line of the file where the record starts (1-based); a workbook's row number. */
  line: number;
  /**
   * Cells refused as they were read, by their index: a workbook's error cells and ids
   * stored as numbers, which no CSV holds. The importer refuses the row for them.
   */
  refused?: readonly { index: number; problem: Problem }[];
}

/** What an import reads: a CSV file, or a workbook's sheet (xlsx-source.ts). */
export interface RecordSource {
  path: string;
  /** The file's bytes, or a sheet's rows: whatever `records` reports its progress in. */
  size: number;
  /** Batches of records, in file order. */
  records(onProgress?: (read: number) => void): AsyncIterable<CsvRecord[]>;
}

export interface CsvSource extends RecordSource {
  encoding: DetectedEncoding;
  delimiter: string;
}

const CHUNK = 1 << 20;
/**
 * Records handed over at a time, and bytes read at a time. Every record of a chunk is
 * parsed before the reader pauses, so the records waiting for the importer are about a
 * chunk's worth plus a batch. They outlive the young generation's collections and end
 * up as old garbage: small ones keep a 100,000-row import's memory ~30 MB lower, at no
 * cost in time.
 */
const RECORD_BATCH = 500;
const READ_CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * The first byte offset at which `encoding` fails to decode the file, or null if it
 * decodes cleanly. Lines are checked one at a time: a newline byte (0x0A) never occurs
 * inside a UTF-8 or GB18030 multi-byte sequence, so a line is a safe unit, and a
 * failing line is then walked byte by byte to name the offset.
 *
 * The file is read into one buffer, reused: the unfinished last line of each read moves
 * to its front and the next read fills the rest. (A new buffer per read, joined to the
 * line carried over, left a 65 MB file's worth of buffers for the collector: they live
 * outside the JavaScript heap, whose few young objects never asked for a collection,
 * and they were the peak memory of a million-row import.) UTF-8 is checked a whole read
 * at a time without decoding anything; GB18030 has no such check, so its lines are
 * decoded, into short strings that die young.
 */
function findUndecodable(path: string, encoding: 'utf-8' | 'gb18030', start: number): BadByte | null {
  const name = encoding === 'utf-8' ? 'UTF-8' : 'GB18030';
  const decoder = new TextDecoder(encoding, { fatal: true });
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.alloc(CHUNK);
    /** Bytes at the buffer's front: the line the last read left unfinished. */
    let carried = 0;
    let position = start;
    /** File offset of the buffer's first byte. */
    let bufferOffset = start;
    let line = 1;
    const badByteIn = (bytes: Buffer, offset: number): BadByte | null => {
      try {
        decoder.decode(bytes);
        return null;
      } catch {
        const walker = new TextDecoder(encoding, { fatal: true });
        for (let index = 0; index < bytes.length; index++) {
          try {
            walker.decode(bytes.subarray(index, index + 1), { stream: true });
          } catch {
            return { encoding: name, offset: offset + index, line };
          }
        }
        return { encoding: name, offset: offset + bytes.length - 1, line };
      }
    };
    /** Checks the whole lines of `bytes`, counting them; returns where the unfinished last one starts. */
    const checkLines = (bytes: Buffer): BadByte | number => {
      const lastNewline = bytes.lastIndexOf(NEWLINE);
      if (lastNewline === -1) return 0;
      const whole = bytes.subarray(0, lastNewline + 1);
      if (encoding === 'utf-8' && isUtf8(whole)) {
        for (let index = whole.indexOf(NEWLINE); index !== -1; index = whole.indexOf(NEWLINE, index + 1)) line++;
        return lastNewline + 1;
      }
      let lineStart = 0;
      for (let index = whole.indexOf(NEWLINE); index !== -1; index = whole.indexOf(NEWLINE, index + 1)) {
        const bad = badByteIn(whole.subarray(lineStart, index), bufferOffset + lineStart);
        if (bad) return bad;
        line++;
        lineStart = index + 1;
      }
      return lineStart;
    };
    for (;;) {
      // A line longer than the buffer (a runaway quoted cell) gets a larger one.
      if (carried === buffer.length) {
        const larger = Buffer.alloc(buffer.length * 2);
        buffer.copy(larger, 0, 0, carried);
        buffer = larger;
      }
      const read = readSync(fd, buffer, carried, buffer.length - carried, position);
      if (read === 0) break;
      position += read;
      const filled = carried + read;
      const checked = checkLines(buffer.subarray(0, filled));
      if (typeof checked !== 'number') return checked;
      buffer.copyWithin(0, checked, filled);
      carried = filled - checked;
      bufferOffset += checked;
    }
    return carried > 0 ? badByteIn(buffer.subarray(0, carried), bufferOffset) : null;
  } finally {
    closeSync(fd);
  }
}

function readPrefix(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

export function openCsv(path: string, choice: EncodingChoice = 'auto'): CsvSource {
  if (!existsSync(path) || statSync(path).isDirectory()) throw new FileNotFound(path);
  const size = statSync(path).size;
  if (size === 0) throw new EmptyImport(path, 'empty');
  const prefix = readPrefix(path, 3);
  let encoding: DetectedEncoding;
  let skip = 0;
  if (prefix[0] === 0xff && prefix[1] === 0xfe) {
    encoding = 'utf-16le';
    skip = 2;
  } else if (prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) {
    encoding = 'utf-8-bom';
    skip = 3;
    const bad = findUndecodable(path, 'utf-8', skip);
    if (bad) throw new Undecodable(path, [bad]);
  } else if (choice === 'gb18030') {
    encoding = 'gb18030';
    const bad = findUndecodable(path, 'gb18030', 0);
    if (bad) throw new Undecodable(path, [bad]);
  } else {
    const badUtf8 = findUndecodable(path, 'utf-8', 0);
    if (!badUtf8) encoding = 'utf-8';
    else if (choice === 'utf8') throw new Undecodable(path, [badUtf8]);
    else {
      const badGb = findUndecodable(path, 'gb18030', 0);
      if (badGb) throw new Undecodable(path, [badUtf8, badGb]);
      encoding = 'gb18030';
    }
  }
  return csvSource(path, size, encoding, skip);
}

/**
 * Opens a file whose encoding an earlier `openCsv` found, without reading it all again
 * to check it: a second reader of the same file (the case import's checking thread).
 */
export function reopenCsv(path: string, encoding: DetectedEncoding): CsvSource {
  if (!existsSync(path) || statSync(path).isDirectory()) throw new FileNotFound(path);
  const skip = encoding === 'utf-8-bom' ? 3 : encoding === 'utf-16le' ? 2 : 0;
  return csvSource(path, statSync(path).size, encoding, skip);
}

function csvSource(path: string, size: number, encoding: DetectedEncoding, skip: number): CsvSource {
  const tsv = extname(path).toLowerCase() === '.tsv' || encoding === 'utf-16le';
  const delimiter = tsv ? '\t' : sniffDelimiter(path, skip);
  return {
    path,
    encoding,
    delimiter,
    size,
    records: (onProgress) => readRecords(path, encoding, skip, delimiter, onProgress),
  };
}

/** A header line with tabs and no commas is tab-delimited whatever the file is called. */
function sniffDelimiter(path: string, skip: number): string {
  const head = readPrefix(path, 64 * 1024).subarray(skip);
  const end = head.indexOf(NEWLINE);
  const firstLine = head.subarray(0, end === -1 ? head.length : end).toString('latin1');
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
}

/**
 * The records of the file, in batches. Most files hold no quote at all — history
 * exports, the bench's files — and their records are their lines split at the
 * delimiter: read so, a record costs a tenth of what csv-parse takes (which turns each
 * decoded chunk back into bytes and each cell into a string again, and counts lines and
 * bytes for every record): 8.5 of a 100,000-row file's 31 s of checking. From the first
 * chunk that holds a quote, or a carriage return that is not the line's end (which
 * csv-parse counts as a line), csv-parse reads the rest of the file from the start of the
 * record it is in, so that every record, line number and error is csv-parse's.
 */
async function* readRecords(
  path: string,
  encoding: DetectedEncoding,
  skip: number,
  delimiter: string,
  onProgress?: (bytesRead: number) => void,
): AsyncIterable<CsvRecord[]> {
  const decoder = new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding);
  let bytesRead = skip;
  const input = createReadStream(path, { start: skip, highWaterMark: READ_CHUNK });
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const decoded = async (): Promise<string | null> => {
    const next = await chunks.next();
    if (next.done) return null;
    bytesRead += next.value.length;
    onProgress?.(bytesRead);
    return decoder.decode(next.value, { stream: true });
  };
  /** The text read but not yet split: it starts a record, on line `line`. */
  let text = '';
  let line = 1;
  /** How records end, once the first line end is read: csv-parse takes the first one it meets for all. */
  let ending: '\n' | '\r\n' | null = null;
  let batch: CsvRecord[] = [];
  try {
    for (;;) {
      const more = await decoded();
      const end = more === null;
      text = end ? text + decoder.decode() : text + more;
      if (ending === null) {
        const at = text.search(/[\r\n]/);
        if (at === -1 || (text[at] === '\r' && at === text.length - 1 && !end)) {
          if (end) break;
          continue;
        }
        // A lone carriage return ends records only in classic Mac files: csv-parse reads those.
        if (text[at] === '\r' && text[at + 1] !== '\n') break;
        ending = text[at] === '\n' ? '\n' : '\r\n';
      }
      if (text.includes('"') || (ending === '\n' && text.includes('\r'))) break;
      // The lines read whole: to the last line end, or to the end of the file.
      const whole = end ? text.length : text.lastIndexOf('\n') + 1;
      let from = 0;
      while (from < whole) {
        const newline = text.indexOf('\n', from);
        const stop = newline === -1 || newline >= whole ? whole : newline;
        let last = stop;
        if (ending === '\r\n' && stop === newline) {
          // Every line ends with CRLF and holds no other carriage return.
          if (text.charCodeAt(stop - 1) !== 13) break;
          last = stop - 1;
        }
        const content = text.slice(from, last);
        if (ending === '\r\n' && content.includes('\r')) break;
        batch.push({ cells: content.split(delimiter), line });
        line++;
        from = stop === newline ? stop + 1 : stop;
        if (batch.length >= RECORD_BATCH) {
          const ready = batch;
          batch = [];
          yield ready;
        }
      }
      const stopped = from < whole;
      text = text.slice(from);
      if (stopped) break;
      if (end) {
        if (batch.length > 0) yield batch;
        return;
      }
    }
    if (batch.length > 0) yield batch;
    batch = [];
    // csv-parse from here: the text not yet split, then the rest of the file.
    const first = text;
    async function* rest(): AsyncGenerator<string> {
      if (first !== '') yield first;
      for (let more = await decoded(); more !== null; more = await decoded()) yield more;
      const tail = decoder.decode();
      if (tail !== '') yield tail;
    }
    // From the first line, csv-parse finds the line ends itself (a quote before the first may hide one).
    yield* parsed(path, Readable.from(rest()), delimiter, line === 1 ? null : ending, line - 1);
  } finally {
    input.destroy();
  }
}

/** The records csv-parse reads from `text`, the file's rest from a record's start, `before` lines into it. */
async function* parsed(path: string, text: Readable, delimiter: string, ending: '\n' | '\r\n' | null, before: number): AsyncIterable<CsvRecord[]> {
  const parser = text.pipe(
    parse({ delimiter, relax_column_count: true, relax_quotes: true, info: true, bom: false, ...(ending === null ? {} : { record_delimiter: ending }) }),
  );
  // Records are handed over in batches: one promise per batch instead of per row,
  // which is most of the cost of a 100,000-row import otherwise.
  let nextLine = 1;
  let batch: CsvRecord[] = [];
  let finished = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  // csv-parse counts a CRLF inside a quoted cell as two lines; a person counts one (as
  // Excel shows it), so each such CRLF so far is taken off the lines it reports.
  let doubleCounted = 0;
  parser.on('data', ({ record, info }: { record: string[]; info: { lines: number } }) => {
    batch.push({ cells: record, line: before + nextLine });
    for (const cell of record) {
      for (let at = cell.indexOf('\r\n'); at !== -1; at = cell.indexOf('\r\n', at + 2)) doubleCounted++;
    }
    nextLine = info.lines + 1 - doubleCounted;
    if (batch.length >= RECORD_BATCH) {
      parser.pause();
      notify();
    }
  });
  parser.on('end', () => {
    finished = true;
    notify();
  });
  parser.on('error', (error) => {
    failure = error;
    notify();
  });
  // An import refused half-way stops reading: the file is closed rather than left to the collector.
  try {
    yield* batches();
  } finally {
    text.destroy();
    parser.destroy();
  }

  async function* batches(): AsyncIterable<CsvRecord[]> {
    for (;;) {
      if (failure === null && !finished && batch.length < RECORD_BATCH) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (failure !== null) {
        // The parser's own explanation (an unclosed quote …) is kept as it is: it has no translation.
        throw new MalformedCsv(path, before + nextLine, failure instanceof Error ? failure.message : String(failure));
      }
      if (batch.length > 0) {
        const ready = batch;
        batch = [];
        yield ready;
      }
      if (finished && batch.length === 0) return;
      parser.resume();
    }
  }
}
