/**
 * The few parts of a workbook's zip that hall reads itself, before read-excel-file reads
 * the sheet (xlsx-source.ts): which sheets it has, and where its error cells are. Entries
 * are found by the zip's central directory and inflated by Node's zlib, a sheet as a
 * stream: the sheet's XML (38 MB for a 100,000-row catalog) is never held whole, and
 * native inflation takes a fifth of the time a JavaScript one did.
 */
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end record lies within the last 64 KiB (its comment's limit) and its own 22 bytes. */
const END_SEARCH = 0xffff + 22;

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Its bytes as stored in the zip. */
  data: Buffer;
}

/** Why a zip's entries cannot be listed: no end record (a copy cut short), or a directory that does not hold together. */
export class ZipUnreadable extends Error {
  constructor(readonly reason: 'truncated' | 'damaged') {
    super(reason === 'truncated' ? 'no end of central directory' : 'the central directory is damaged');
  }
}

/**
 * The entries of a zip by name, from its central directory. A zip64 archive (over 4 GB,
 * or 65,535 entries) is refused as damaged: no workbook a clerk imports is one.
 */
export function zipEntries(zip: Buffer): Map<string, ZipEntry> {
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - END_SEARCH); at--) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end === -1) throw new ZipUnreadable('truncated');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, ZipEntry>();
  for (let index = 0; index < count; index++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new ZipUnreadable('damaged');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL_HEADER) throw new ZipUnreadable('damaged');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + size > zip.length || size === 0xffffffff) throw new ZipUnreadable('damaged');
    entries.set(name, { name, method, data: zip.subarray(start, start + size) });
  }
  return entries;
}

/** A small entry (workbook.xml, its relationships) inflated whole. */
export function entryBytes(entry: ZipEntry): Buffer {
  if (entry.method === 0) return entry.data;
  if (entry.method !== 8) throw new ZipUnreadable('damaged');
  return inflateRawSync(entry.data);
}

/** A large entry (a sheet) as a stream of inflated chunks (zlib's, 16 KB each). */
export function entryStream(entry: ZipEntry): Readable {
  if (entry.method === 0) return Readable.from([entry.data]);
  if (entry.method !== 8) throw new ZipUnreadable('damaged');
  const slices = function* () {
    for (let start = 0; start < entry.data.length; start += 64 * 1024) yield entry.data.subarray(start, start + 64 * 1024);
  };
  return Readable.from(slices()).pipe(createInflateRaw());
}
