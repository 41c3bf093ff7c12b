/** What the imports (`items import`, `cases import`, `bundles import`, `calendar import`) share at the command level: CSV or workbook. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import type { ImportColumns } from '../core/columns.js';
import { InvalidValue, UsageError } from '../core/errors.js';
import type { RowRejected } from '../core/import-errors.js';
import { type LocalText, text } from '../core/text.js';
import { type DetectedEncoding, type EncodingChoice, openCsv } from '../io/csv-source.js';
import { type ImportFile, openImport, type RejectedRow } from '../io/import-pipeline.js';
import { checkOutputTarget } from '../io/output-target.js';
import type { XlsxSource } from '../io/xlsx-source.js';
import type { App } from './app.js';
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
  /** A CSV's encoding as found; null for a workbook. */
  encoding: DetectedEncoding | null;
  /** The sheet a workbook was read from; null for a CSV. */
  sheet: string | null;
  progress: Progress;
}

/**
 * The options every file import shares: `--encoding` (shown with its default, auto, but
 * left unset unless given, since on a workbook it is a usage error) and `--sheet`.
 */
export function fileOptions(command: Command, app: App): Command {
  return command
    .option('--encoding <encoding>', app.t('CSV 的编码：auto | utf8 | gb18030', "a CSV's encoding: auto | utf8 | gb18030"), 'auto')
    .option('--sheet <name>', app.t('读取 .xlsx 的哪个工作表（默认第一个）', 'the sheet of an .xlsx to read (default the first)'))
    .hook('preAction', (action) => {
      if (action.getOptionValueSource('encoding') === 'default') action.setOptionValueWithSource('encoding', undefined, 'default');
    });
}

/** Read as a workbook (SPEC §7.7), by the file's name: `.xlsx`, or the old `.xls`, which is refused with advice. */
export function isWorkbook(file: string): boolean {
  return /\.xlsx?$/i.test(file);
}

/**
 * Opens a CSV or a workbook for import, maps its header and warns, once each, about the
 * columns it ignores — the same way for every import. The workbook reader is loaded
 * only for a workbook. `--encoding` is for a CSV and `--sheet` for a workbook: given for
 * the other, each is a usage error, before the file is opened. The progress bar (a
 * terminal only) follows the bytes read, or a sheet's rows; the caller finishes it.
 */
export async function openImportFile<F extends string>(
  ctx: Context,
  file: string,
  columns: ImportColumns<F>,
  options: { encoding?: string; sheet?: string; label: string },
): Promise<OpenedImport<F>> {
  const workbook = isWorkbook(file);
  if (workbook && options.encoding !== undefined) throw new UsageError('option_not_for_file', ['--encoding'], file);
  if (!workbook && options.sheet !== undefined) throw new UsageError('option_not_for_file', ['--sheet'], file);
  const choice = encodingChoice(options.encoding ?? 'auto');
  const opened = workbook ? await readWorkbook(file, columns, options.sheet) : openCsv(file, choice);
  const progress = progressBar(ctx.io.stderr, opened.size, options.label);
  try {
    const source = await openImport(opened, columns, progress.update);
    for (const notice of source.header.notices) ctx.warn(notice);
    return 'sheet' in opened ? { source, encoding: null, sheet: opened.sheet, progress } : { source, encoding: opened.encoding, sheet: null, progress };
  } catch (error) {
    progress.finish();
    throw error;
  }
}

/** `编码 gb18030` or `工作表"事项目录"`: how the file was read, for the summary's first line. */
export function readAs(opened: Pick<OpenedImport<string>, 'encoding' | 'sheet'>): LocalText {
  return opened.sheet === null ? text(`编码 ${opened.encoding}`, `encoding ${opened.encoding}`) : text(`工作表"${opened.sheet}"`, `sheet "${opened.sheet}"`);
}

/** The summary's JSON fields of how the file was read: the encoding, and for a workbook the sheet. */
export function readAsJson(opened: Pick<OpenedImport<string>, 'encoding' | 'sheet'>): { encoding: DetectedEncoding | null; sheet?: string } {
  return opened.sheet === null ? { encoding: opened.encoding } : { encoding: null, sheet: opened.sheet };
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
 * Reads a workbook's sheet, which read-excel-file does whole (it has no streaming reader):
 * a 100,000-row sheet is some 50 MB of XML held as bytes and as a string while it becomes
 * some 50 MB of cells. V8 then let the old generation grow to about three times what the
 * collection after the reading found alive before it collected again, filled with the
 * import's garbage (379 MB peak at 100,000 cases). A growing factor of 1.1 collects as soon
 * as that garbage is a tenth of what lives (210 MB), and V8's memory-over-speed mode
 * collects harder while the sheet is parsed and the first rows are written: a 12-column
 * catalog of 100,000 items came down from 270–305 MB to 245–275 (the mode kept to the
 * reading alone left it at 265–295), for half a second more reading. V8 reads both flags
 * each time it decides, so setting them while the process runs is enough; a CSV import
 * never sets them.
 */
async function readWorkbook<F extends string>(file: string, columns: ImportColumns<F>, sheet: string | undefined): Promise<XlsxSource> {
  const { openXlsx } = await import('../io/xlsx-source.js');
  setFlagsFromString('--heap-growing-percent=10');
  setFlagsFromString('--optimize-for-size');
  return openXlsx(file, columns, sheet);
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
