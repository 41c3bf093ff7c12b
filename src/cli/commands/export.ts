/**
 * `hall export cases` (SPEC §7.6): the case records for a province's engines, one file per
 * month of acceptance under `DIR/center=CODE/month=YYYY-MM/`. A run rewrites only the
 * months with a case changed since that directory's last run (its watermark), and every
 * month whose file is missing; --full rewrites all. Every refusal comes before a file is
 * written, and the watermark moves only once every file is in place.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat, type ExportRow, exportRow, type StoredExportRow } from '../../core/case-export.js';
import { UsageError } from '../../core/errors.js';
import { ExportFormatRefused, ExportNeedsCenterCode, ExportOtherCenter } from '../../core/export-errors.js';
import { StorageFailure } from '../../core/file-errors.js';
import { text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { centersIn, monthFileExists, prepareExportDirectory, removeMonth, replaceMonthFile, writeCsvFile, writeJsonlFile } from '../../io/case-export-files.js';
import { changedMonths, latestEventId, monthCases, monthsWithCases, readWatermark, writeWatermark } from '../../store/case-export.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import { guardCell } from '../render.js';

interface ExportOptions {
  full?: boolean;
  showPii?: boolean;
}

function exportFormat(value: string | undefined): ExportFormat {
  if (value === undefined) return 'parquet';
  if ((EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new ExportFormatRefused(value, EXPORT_FORMATS);
}

function* rowsOf(stored: Iterable<StoredExportRow>, centerCode: string, showPii: boolean): Generator<ExportRow> {
  for (const row of stored) yield exportRow(row, centerCode, showPii);
}

/** The months the directory holds for this center (a `month=` folder each). */
function monthsOnDisk(directory: string, center: string): string[] {
  try {
    return readdirSync(join(directory, `center=${center}`))
      .filter((name) => /^month=\d{4}-\d{2}$/.test(name))
      .map((name) => name.slice('month='.length));
  } catch {
    return [];
  }
}

/**
 * A file written while the cases are read: a failure of the disk (ENOSPC, EACCES …) is the
 * output's, as for any --out file, but one of the database reading the rows stays the
 * database's, which ctx.writeOut would name as the output's.
 */
async function writing<T>(ctx: Context, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new StorageFailure('output_failed', ctx.outPath ?? '', { code });
    throw error;
  }
}

export async function exportCases(ctx: Context, options: ExportOptions): Promise<void> {
  const format = exportFormat(ctx.formatOption);
  if (ctx.outPath === undefined) throw new UsageError('missing_options', ['--out']);
  const center = ctx.settings().centerCode;
  if (center === null) throw new ExportNeedsCenterCode();
  const directory = prepareExportDirectory(ctx.outPath);
  const others = centersIn(directory).filter((code) => code !== center);
  if (others.length > 0) throw new ExportOtherCenter(ctx.outPath, others, center);

  const db = ctx.db();
  // Read first: an event written while the months are read is after this mark, so the
  // next run writes its month again rather than never.
  const latest = latestEventId(db);
  const previous = readWatermark(db, directory);
  const months = monthsWithCases(db);
  // A new directory, a format or code other than the last run's: every month is written.
  const full = options.full === true || previous === null || previous.format !== format || previous.center_code !== center;
  const changed = full || previous === null ? null : changedMonths(db, previous.last_event_id, previous.exported_at.slice(0, 10));
  const chosen = months.filter((month) => changed === null || changed.has(month) || !monthFileExists(directory, center, month, format));

  const written: { month: string; rows: number }[] = [];
  for (const month of chosen) {
    const rows = () => rowsOf(monthCases(db, month), center, options.showPii === true);
    const count = await writing(ctx, () =>
      replaceMonthFile(directory, center, month, format, async (temporary) => {
        if (format === 'csv') return writeCsvFile(temporary, rows(), guardCell);
        if (format === 'jsonl') return writeJsonlFile(temporary, rows());
        // The Parquet writer (and hyparquet-writer) is loaded only when Parquet is written.
        const { writeParquetFile } = await import('../../io/case-export-parquet.js');
        return writeParquetFile(temporary, rows(), 'hall');
      }),
    );
    written.push({ month, rows: count });
  }
  // A month left without a case (its cases voided) keeps no file.
  const present = new Set(months);
  const removed = monthsOnDisk(directory, center).filter((month) => !present.has(month));
  for (const month of removed) await writing(ctx, () => removeMonth(directory, center, month));

  writeTransaction(db, () => writeWatermark(db, { directory, format, center_code: center, last_event_id: latest, exported_at: ctx.timestamp() }));

  const cases = written.reduce((sum, entry) => sum + entry.rows, 0);
  const unchanged = months.length - chosen.length;
  const where = join(directory, `center=${center}`);
  const lines = [
    written.length === 0
      ? text(`${where} 已是最新：${months.length} 个月份均无变化`, `${where} is current: none of its ${months.length} months changed`)
      : text(
          `已写入 ${where}：${written.length} 个月份（${written.map((entry) => entry.month).join('、')}），共 ${cases} 件；${unchanged} 个月份未变`,
          `wrote ${where}: ${written.length} month${written.length === 1 ? '' : 's'} (${written.map((entry) => entry.month).join(', ')}), ${cases} cases; ${unchanged} unchanged`,
        ),
  ];
  if (removed.length > 0) {
    lines.push(text(`已删除不再有办件的月份：${removed.join('、')}`, `removed the months left without a case: ${removed.join(', ')}`));
  }
  // Cron mails whatever a job prints: a scheduled run stays silent on success, as a report's
  // does. The lines go to the terminal itself: --out is the export's directory, not a file
  // for them.
  if (ctx.io.stdout.isTTY === true) {
    for (const line of lines) ctx.io.stdout.write(`${ctx.t(line)}\n`);
  }
}

export function register(program: Command, app: App): void {
  // The global --format lists the formats hall prints; this group also writes Parquet and
  // JSON lines. Widened here, when `export` is the command, so no other command offers them.
  const format = program.options.find((option) => option.long === '--format');
  if (format) {
    format.choices([...(format.argChoices ?? []), 'parquet', 'jsonl']);
    format.description = app.t(
      '输出格式（xlsx、html 仅用于报表，parquet、jsonl 仅用于导出办件）',
      'output format (xlsx and html for reports, parquet and jsonl for the case export only)',
    );
  }
  const group = program.command('export').description(app.t('导出办件记录供上级分析', 'export case records for a province to analyse'));
  group
    .command('cases')
    .description(
      app.t(
        '按受理月份导出办件（--out 目录，--format parquet|csv|jsonl，默认 parquet）；只重写有变化的月份',
        'one file per month of acceptance (--out DIR, --format parquet|csv|jsonl, parquet by default); rewrites only the months that changed',
      ),
    )
    .option('--full', app.t('重写所有月份', 'rewrite every month'))
    .option('--show-pii', app.t('导出完整证件号码（默认遮盖）', 'export whole ID numbers (masked by default)'))
    .action(app.action(exportCases, { caseExport: true }));
}
