/** What the CSV imports (`items import`, `cases import`, `calendar import`) share at the command level. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { ImportColumns } from '../core/columns.js';
import { InvalidValue } from '../core/errors.js';
import type { RowRejected } from '../core/import-errors.js';
import { text } from '../core/text.js';
import { type DetectedEncoding, type EncodingChoice, openCsv } from '../io/csv-source.js';
import { type ImportFile, openImport, type RejectedRow } from '../io/import-pipeline.js';
import { checkOutputTarget } from '../io/output-target.js';
import type { Context } from './context.js';
import { renderRowReason } from './messages/problems.js';
import { type Progress, progressBar } from './progress.js';
import { guardCell } from './render.js';

const ENCODINGS: Record<string, EncodingChoice> = { auto: 'auto', utf8: 'utf8', 'utf-8': 'utf8', gb18030: 'gb18030', gbk: 'gb18030' };

export function encodingChoice(value: string): EncodingChoice {
  const encoding = ENCODINGS[value.toLowerCase()];
  if (!encoding) throw new InvalidValue('encoding', value, { rule: 'encoding' });
  return encoding;
}

export interface OpenedImport<F extends string> {
  source: ImportFile<F>;
  encoding: DetectedEncoding;
  progress: Progress;
}

/**
 * Opens a CSV for import, maps its header and warns, once each, about the columns it
 * ignores — the same way for every import. The progress bar (a terminal only) follows
 * the bytes read; the caller finishes it.
 */
export async function openImportFile<F extends string>(
  ctx: Context,
  file: string,
  columns: ImportColumns<F>,
  options: { encoding?: string; label: string },
): Promise<OpenedImport<F>> {
  const csv = openCsv(file, encodingChoice(options.encoding ?? 'auto'));
  const progress = progressBar(ctx.io.stderr, csv.size, options.label);
  try {
    const source = await openImport(csv, columns, progress.update);
    for (const notice of source.header.notices) ctx.warn(notice);
    return { source, encoding: csv.encoding, progress };
  } catch (error) {
    progress.finish();
    throw error;
  }
}

/**
 * A case import makes a few objects per row that die young and keeps almost none. At
 * that allocation rate V8 grows its young generation from 1 MB to its ceiling (2 × 16 MB
 * of semi-spaces plus their promotion area) and keeps it: at 1,000,000 cases that was
 * 48 MB of a 168 MB peak, bought with no time (44.6 s either way). Growth factor 1 holds
 * it where it starts. V8 reads this flag each time it considers growing the space, so
 * setting it once the process runs is enough; a V8 that ignored it would only use the
 * memory it used before. Not for the catalog import: there it cost 5–8% of the time for
 * 20 MB, and its peak is well within bounds without it.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * Runs an import with what `--skip-invalid` needs around it: the rejects file (none on a
 * dry run, which writes nothing, not even that file), checked before the first row is
 * read and closed after the last, and the progress line ended either way.
 */
export async function importWithRejects<S>(
  ctx: Context,
  file: string,
  options: { skipInvalid?: boolean; rejects?: string; dryRun?: boolean },
  opened: { source: { header: { cells: readonly string[] } }; progress: { finish(): void } },
  run: (onRejected: ((rejected: RejectedRow) => void) | undefined) => Promise<S>,
): Promise<{ summary: S; rejectsFile: string | null }> {
  const rejects = options.skipInvalid && !options.dryRun ? new RejectsFile(options.rejects ?? `${file}.rejects.csv`, ctx) : null;
  await rejects?.load();
  let summary: S;
  try {
    summary = await run(rejects?.sink(opened.source.header.cells));
  } finally {
    opened.progress.finish();
    await rejects?.close();
  }
  return { summary, rejectsFile: rejects?.written ? rejects.path : null };
}

/**
 * The rejects file of `--skip-invalid`: every refused row as it was, plus a reason
 * column, with a BOM so that the clerk who fixes it opens it in Excel. Opened on the
 * first rejected row, so that a clean import leaves no empty file behind.
 */
export class RejectsFile {
  private stream: WriteStream | null = null;
  private stringify: ((rows: string[][], options: { record_delimiter: string }) => string) | null = null;

  constructor(
    readonly path: string,
    private readonly ctx: Context,
  ) {
    // Checked before the import reads a row, so that a bad path changes nothing.
    checkOutputTarget(path);
  }

  get written(): boolean {
    return this.stream !== null;
  }

  async load(): Promise<void> {
    this.stringify = (await import('csv-stringify/sync')).stringify;
  }

  /** A sink for the import's reject collector. */
  sink(header: readonly string[]): (rejected: RejectedRow) => void {
    return (rejected) => this.write(header, rejected.raw, rejected.errors);
  }

  write(header: readonly string[], cells: readonly string[], errors: readonly RowRejected[]): void {
    const line = (row: string[]) => this.stringify!([row.map(guardCell)], { record_delimiter: '\r\n' });
    if (!this.stream) {
      this.stream = createWriteStream(this.path);
      this.stream.write('\uFEFF');
      this.stream.write(line([...header, this.ctx.t(text('错误原因', 'reason'))]));
    }
    const padded = header.map((_, index) => cells[index] ?? '');
    this.stream.write(line([...padded, errors.map((error) => renderRowReason(error, this.ctx.lang)).join(this.ctx.lang === 'zh' ? '；' : '; ')]));
  }

  close(): Promise<void> {
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    return new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
