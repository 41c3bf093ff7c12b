/** `hall cases import`: historical cases in bulk (SPEC §5). */
import type { Command } from 'commander';
import { CASE_IMPORT_COLUMNS } from '../../core/case-row.js';
import { parseClockTime } from '../../core/dates.js';
import { type LocalText, text } from '../../core/text.js';
import { reopenCsv } from '../../io/csv-source.js';
import { openImport } from '../../io/import-pipeline.js';
import { importCases } from '../../store/case-import.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import { fileOptions, importWithRejects, keepYoungGenerationSmall, openImportFile, readAs, readAsJson } from '../import-files.js';
import type { View } from '../render.js';

export async function importFile(
  ctx: Context,
  file: string,
  options: { encoding?: string; sheet?: string; skipInvalid?: boolean; rejects?: string },
): Promise<View> {
  keepYoungGenerationSmall();
  const opened = await openImportFile(ctx, file, CASE_IMPORT_COLUMNS, {
    encoding: options.encoding,
    sheet: options.sheet,
    label: ctx.t(text('导入办件', 'importing cases')),
  });
  const { source, encoding, progress } = opened;
  const how = readAs(opened);
  const db = ctx.db();
  const settings = ctx.settings();
  const { summary, rejectsFile } = await importWithRejects(ctx, file, options, { source, progress }, (onRejected) =>
    importCases(db, ctx.calendar(), source, {
      timeZone: settings.timeZone,
      closingMinutes: parseClockTime(settings.closingTime) ?? 17 * 60 + 30,
      operator: ctx.operator,
      now: ctx.now,
      skipInvalid: options.skipInvalid,
      onRejected,
      // A workbook is checked in this thread: a checking thread would read the whole workbook
      // again, into a second copy of the sheet (SPEC §8 holds a 100,000-row sheet to 300 MB).
      reread:
        encoding === null
          ? undefined
          : { encoding, onProgress: progress.update, reopen: () => openImport(reopenCsv(file, encoding), CASE_IMPORT_COLUMNS, progress.update) },
    }),
  );
  const lines: LocalText[] = [
    text(
      `已导入 ${file}（${how.zh}）：数据行 ${summary.rows}，导入 ${summary.imported}，拒绝 ${summary.rejected}`,
      `imported ${file} (${how.en}): ${summary.rows} rows, ${summary.imported} imported, ${summary.rejected} rejected`,
    ),
  ];
  if (summary.combined > 0) {
    lines.push(text(`其中一件事 ${summary.combined} 件（各件已计入导入数）`, `of them, the parts of ${summary.combined} combined cases (一件事)`));
  }
  if (summary.warnings > 0) {
    lines.push(
      text(`${summary.warnings} 个统一社会信用代码未通过校验，已照常导入`, `${summary.warnings} credit codes failed their check and were imported anyway`),
    );
  }
  if (rejectsFile) lines.push(text(`被拒绝的行及原因已写入 ${rejectsFile}`, `rejected rows with reasons written to ${rejectsFile}`));
  return { json: { ...summary, ...readAsJson(opened), rejects_file: rejectsFile }, lines };
}

export function register(program: Command, app: App): void {
  const cases = program.command('cases').description(app.t('批量办件', 'cases in bulk'));
  fileOptions(
    cases
      .command('import')
      .description(
        app.t(
          '导入历史办件 CSV 或 Excel 工作簿（生成与命令相同的事件）',
          'import historical cases from a CSV or Excel workbook (the same events the commands build)',
        ),
      )
      .argument('<file>', app.t('CSV 文件或 .xlsx 工作簿', 'CSV file or .xlsx workbook')),
    app,
  )
    .option('--skip-invalid', app.t('只导入有效行，无效行写入拒绝文件', 'import the valid rows; write the invalid ones to the rejects file'))
    .option('--rejects <file>', app.t('拒绝文件（默认 <输入>.rejects.csv）', 'rejects file (default <input>.rejects.csv)'))
    .action(app.action(importFile));
}
