/** `hall init`, `hall doctor`, `hall backup`: the database itself. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_RUBRIC, parseRubric, type Rubric } from '../../core/assessment.js';
import { isValidTimeZone, parseClockTime } from '../../core/dates.js';
import { FileNotFound, InvalidValue, OutputExists, StorageFailure, text } from '../../core/errors.js';
import { SCHEMA_VERSION, schemaVersion, writeTransaction } from '../../db/database.js';
import { checkOutputTarget } from '../../io/output-target.js';
import { coveredYears } from '../../store/calendar.js';
import { readSettings, readStoredRubric, type Settings, writeSettings, writeStoredRubric } from '../../store/settings.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import type { View } from '../render.js';

interface InitOptions {
  center?: string;
  timezone?: string;
  closingTime?: string;
  warningDays?: string;
  rubric?: string;
}

export function init(ctx: Context, options: InitOptions): View {
  const changes: Partial<Settings> = {};
  if (options.center !== undefined) {
    if (options.center.trim() === '') throw new InvalidValue('center', options.center, { rule: 'required' });
    changes.centerName = options.center.trim();
  }
  if (options.timezone !== undefined) {
    if (!isValidTimeZone(options.timezone)) {
      throw new InvalidValue('timezone', options.timezone, { rule: 'time_zone' });
    }
    changes.timeZone = options.timezone;
  }
  if (options.closingTime !== undefined) {
    if (parseClockTime(options.closingTime) === null) {
      throw new InvalidValue('closing_time', options.closingTime, { rule: 'clock_time' });
    }
    changes.closingTime = options.closingTime.trim();
  }
  if (options.warningDays !== undefined) {
    if (!/^\d{1,2}$/.test(options.warningDays)) {
      throw new InvalidValue('warning_days', options.warningDays, { rule: 'warning_days' });
    }
    changes.warningDays = Number(options.warningDays);
  }
  // The rubric is checked before the database is touched: a broken file changes nothing.
  let rubric: string | undefined;
  if (options.rubric !== undefined) {
    if (!existsSync(options.rubric) || statSync(options.rubric).isDirectory()) throw new FileNotFound(options.rubric);
    const parsed = parseRubric(readFileSync(options.rubric, 'utf8').replace(/^\uFEFF/, ''), options.rubric);
    rubric = JSON.stringify(parsed);
  }
  const db = ctx.db({ create: true });
  writeTransaction(db, () => {
    writeSettings(db, changes);
    if (rubric !== undefined) writeStoredRubric(db, rubric);
  });
  const settings = readSettings(db);
  const storedRubric = readStoredRubric(db);
  const years = coveredYears(db);
  const json = {
    database: ctx.dbPath,
    schema_version: schemaVersion(db),
    center: settings.centerName,
    timezone: settings.timeZone,
    closing_time: settings.closingTime,
    warning_days: settings.warningDays,
    calendar_years: years,
    rubric: storedRubric === null ? DEFAULT_RUBRIC : (JSON.parse(storedRubric) as Rubric),
  };
  return {
    json,
    lines: [
      text(`数据库 ${ctx.dbPath} 已就绪（结构版本 ${json.schema_version}）`, `database ${ctx.dbPath} is ready (schema version ${json.schema_version})`),
      text(
        `中心：${settings.centerName}；时区：${settings.timeZone}；下班时间：${settings.closingTime}；预警提前 ${settings.warningDays} 个工作日`,
        `center: ${settings.centerName}; time zone: ${settings.timeZone}; closing time: ${settings.closingTime}; warning ${settings.warningDays} working days ahead`,
      ),
      text(`日历已有年份：${years.join('、')}`, `calendar years: ${years.join(', ')}`),
      storedRubric === null
        ? text('窗口考核：标准细则（SPEC §6.3）', 'window assessment: the standard rubric')
        : text(`窗口考核：已保存的细则 ${storedRubric}`, `window assessment: the stored rubric ${storedRubric}`),
    ],
  };
}

export function doctor(ctx: Context): View {
  const db = ctx.db();
  const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  const problems = integrity.map((row) => row.integrity_check).filter((line) => line !== 'ok');
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  if (problems.length > 0 || foreignKeys.length > 0) {
    const findings = [...problems.slice(0, 5), ...(foreignKeys.length ? [`foreign_key_check: ${foreignKeys.length}`] : [])];
    throw new StorageFailure('integrity', ctx.dbPath, { findings });
  }
  const years = coveredYears(db);
  const thisYear = Number(ctx.today().slice(0, 4));
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const json = {
    database: ctx.dbPath,
    integrity: 'ok',
    schema_version: schemaVersion(db),
    code_schema_version: SCHEMA_VERSION,
    journal_mode: db.pragma('journal_mode', { simple: true }) as string,
    calendar_years: years,
    current_year_covered: years.includes(thisYear),
    next_year_covered: years.includes(thisYear + 1),
    departments: count('departments'),
    windows: count('windows'),
    items: count('items'),
  };
  const lines = [
    text(`数据库：${ctx.dbPath}`, `database: ${ctx.dbPath}`),
    text('完整性检查：通过', 'integrity check: ok'),
    text(
      `结构版本：${json.schema_version}（程序支持 ${SCHEMA_VERSION}）；日志模式：${json.journal_mode}`,
      `schema version: ${json.schema_version} (this hall: ${SCHEMA_VERSION}); journal mode: ${json.journal_mode}`,
    ),
    text(`日历覆盖年份：${years.join('、') || '无'}`, `calendar years covered: ${years.join(', ') || 'none'}`),
    text(
      `部门 ${json.departments} 个，窗口 ${json.windows} 个，事项 ${json.items} 项`,
      `${json.departments} departments, ${json.windows} windows, ${json.items} items`,
    ),
  ];
  if (!json.current_year_covered) {
    ctx.warn(text(`日历缺少今年（${thisYear} 年）的节假日安排`, `the calendar has no holiday schedule for this year (${thisYear})`));
  } else if (!json.next_year_covered && Number(ctx.today().slice(5, 7)) >= 11) {
    // The State Council publishes next year's schedule each November.
    ctx.warn(
      text(
        `日历尚无 ${thisYear + 1} 年安排；国务院办公厅通知发布后请用 hall calendar import 导入`,
        `no schedule for ${thisYear + 1} yet; import it with hall calendar import once the State Council publishes it`,
      ),
    );
  }
  return { json, lines };
}

export async function backup(ctx: Context, file: string): Promise<View> {
  if (existsSync(file) && !statSync(file).isDirectory()) {
    throw new OutputExists(file);
  }
  checkOutputTarget(file);
  const db = ctx.db();
  // SQLite's online backup copies a consistent snapshot while clerks keep writing.
  const progress = await db.backup(file);
  const bytes = statSync(file).size;
  return {
    json: { database: ctx.dbPath, backup: file, pages: progress.totalPages, bytes },
    lines: [text(`已备份到 ${file}（${bytes} 字节）`, `backed up to ${file} (${bytes} bytes)`)],
  };
}

export function register(program: Command, app: App): void {
  program
    .command('init')
    .description(app.t('创建或升级数据库，写入日历和中心设置（可重复运行）', 'create or migrate the database, seed the calendar, store settings (idempotent)'))
    .option('--center <name>', app.t('中心名称', 'center name'))
    .option('--timezone <tz>', app.t('时区（默认 Asia/Shanghai）', 'time zone (default Asia/Shanghai)'))
    .option(
      '--closing-time <HH:MM>',
      app.t('下班时间，晚于此时受理的即办件次日到期（默认 17:30）', 'closing time; a 即办件 accepted later is due the next working day (default 17:30)'),
    )
    .option('--warning-days <n>', app.t('到期前几个工作日黄色预警（默认 2）', 'working days before the deadline for a yellow warning (default 2)'))
    .option('--rubric <file>', app.t('保存窗口考核细则（JSON 文件）', 'store the window assessment rubric (a JSON file)'))
    .action(app.action(init));
  program
    .command('doctor')
    .description(app.t('检查数据库：完整性、结构版本、日历覆盖年份', 'check the database: integrity, schema version, calendar years covered'))
    .action(app.action(doctor));
  program
    .command('backup')
    .description(app.t('在线备份数据库到 FILE（不覆盖已有文件）', 'online backup of the database to FILE (never overwrites)'))
    .argument('<file>', app.t('备份文件', 'backup file'))
    .action(app.action(backup));
}
