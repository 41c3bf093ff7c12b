/** `hall init`, `hall doctor`, `hall backup`: the database itself. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_RUBRIC, parseRubric, type Rubric } from '../../core/assessment.js';
import { CENTER_LEVEL_WORDS, type CenterLevel, defaultLevel, parseCenterCode, parseCenterLevel } from '../../core/center.js';
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_WORDS, type ComplaintDays, parseComplaintDays } from '../../core/complaint.js';
import { DamagedData, type StoredDamage } from '../../core/damage.js';
import { isValidTimeZone, localDateTime, parseClockTime } from '../../core/dates.js';
import { CenterCodeNeedsForce, ComplaintDaysRejected, InvalidValue } from '../../core/errors.js';
import { FileNotFound, OutputExists, StaleCaches, StorageFailure } from '../../core/file-errors.js';
import { parseReviewDays } from '../../core/review.js';
import { type LocalText, text } from '../../core/text.js';
import { journalMode, SCHEMA_VERSION, schemaVersion, writeTransaction } from '../../db/database.js';
import { checkOutputTarget } from '../../io/output-target.js';
import { coveredYears } from '../../store/calendar.js';
import { type ForcedVoid, forcedVoids } from '../../store/case-voids.js';
import { checkCombinedCaches, refreshCombinedCaches } from '../../store/combined-cache.js';
import { frozenReportsDamage } from '../../store/frozen-reports.js';
import { checkCaseCaches, integrityFindings, itemDamage, organisationCounts, refreshCaseCaches } from '../../store/health.js';
import {
  centerCodeHolders,
  damageLeftBy,
  readComplaintDays,
  readSettings,
  readSettingsLeniently,
  readStoredRubric,
  type Settings,
  writeComplaintDays,
  writeSettings,
  writeStoredRubric,
} from '../../store/settings.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import { DAMAGE_WORDS, TABLE_WORDS } from '../messages/damage.js';
import { CACHE_COLUMN_WORDS, localMinute, STATE_WORDS } from '../messages/words.js';
import type { TableSpec, View } from '../render.js';

interface InitOptions {
  center?: string;
  timezone?: string;
  closingTime?: string;
  warningDays?: string;
  reviewDays?: string;
  rubric?: string;
  complaintDays?: string;
  centerCode?: string;
  centerLevel?: string;
  force?: boolean;
}

/** `330681101（乡镇）` / `330681101 (town)`, or that there is none. */
function centerLine(code: string | null, level: CenterLevel | null): LocalText {
  if (code === null) {
    return text(
      '中心代码：未设置（报表不带中心代码，县级汇总需要；用 hall init --center-code 设置）',
      'center code: none (reports carry no code, which a county needs to combine them; set it with hall init --center-code)',
    );
  }
  const zh = level === null ? '' : `（${CENTER_LEVEL_WORDS[level][0]}）`;
  return text(`中心代码：${code}${zh}`, `center code: ${code}${level === null ? '' : ` (${level})`}`);
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
  if (options.reviewDays !== undefined) changes.reviewDays = parseReviewDays('review_days', options.reviewDays);
  // A code is checked before the database is touched; its level is the one given, or the one its length means.
  if (options.centerCode !== undefined) {
    const code = parseCenterCode('center_code', options.centerCode);
    changes.centerCode = code;
    changes.centerLevel = options.centerLevel === undefined ? defaultLevel(code) : parseCenterLevel('center_level', options.centerLevel, code);
  }
  // The rubric is checked before the database is touched: a broken file changes nothing.
  let rubric: string | undefined;
  if (options.rubric !== undefined) {
    if (!existsSync(options.rubric) || statSync(options.rubric).isDirectory()) throw new FileNotFound(options.rubric);
    const parsed = parseRubric(readFileSync(options.rubric, 'utf8').replace(/^\uFEFF/, ''), options.rubric);
    rubric = JSON.stringify(parsed);
  }
  // So are the complaint days: the file is read and checked whole before the database is opened.
  const complaintDays = options.complaintDays === undefined ? undefined : readComplaintDaysFile(options.complaintDays);
  const db = ctx.db({ create: true });
  // A level alone is checked against the stored code (a level without a code is refused).
  if (options.centerLevel !== undefined && options.centerCode === undefined) {
    changes.centerLevel = parseCenterLevel('center_level', options.centerLevel, readSettingsLeniently(db).settings.centerCode);
  }
  // A stored value hall cannot use, that this run does not replace, is named before anything is written.
  const damage = damageLeftBy(db, changes, rubric !== undefined, complaintDays !== undefined);
  if (damage.length > 0) throw new DamagedData(damage);
  const newCode = changes.centerCode;
  writeTransaction(db, () => {
    // Inside the write transaction, so that no freeze or export slips in between the check and the change.
    if (typeof newCode === 'string' && !options.force) refuseCodeChange(db, newCode);
    writeSettings(db, changes);
    if (rubric !== undefined) writeStoredRubric(db, rubric);
    if (complaintDays !== undefined) writeComplaintDays(db, complaintDays);
  });
  const days = readComplaintDays(db);
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
    review_days: settings.reviewDays,
    calendar_years: years,
    // A rubric stored before a key existed (red_flag_min_cases) shows that key at its default, as the report uses it.
    rubric: storedRubric === null ? DEFAULT_RUBRIC : { ...DEFAULT_RUBRIC, ...(JSON.parse(storedRubric) as Partial<Rubric>) },
    complaint_days: days,
    center_code: settings.centerCode,
    center_level: settings.centerLevel,
  };
  return {
    json,
    lines: [
      text(`数据库 ${ctx.dbPath} 已就绪（结构版本 ${json.schema_version}）`, `database ${ctx.dbPath} is ready (schema version ${json.schema_version})`),
      text(
        `中心：${settings.centerName}；时区：${settings.timeZone}；下班时间：${settings.closingTime}；预警提前 ${settings.warningDays} 个工作日`,
        `center: ${settings.centerName}; time zone: ${settings.timeZone}; closing time: ${settings.closingTime}; warning ${settings.warningDays} working days ahead`,
      ),
      centerLine(settings.centerCode, settings.centerLevel),
      text(`日历已有年份：${years.join('、')}`, `calendar years: ${years.join(', ')}`),
      text(`差评整改时限：${settings.reviewDays} 个工作日`, `bad-rating reviews due ${settings.reviewDays} working days after the rating`),
      storedRubric === null
        ? text('窗口考核：标准细则（SPEC §6.3）', 'window assessment: the standard rubric')
        : text(`窗口考核：已保存的细则 ${storedRubric}`, `window assessment: the stored rubric ${storedRubric}`),
      text(
        `工单办理时限（工作日）：${COMPLAINT_CATEGORIES.map((category) => `${COMPLAINT_CATEGORY_WORDS[category][0]} ${days[category]}`).join('，')}`,
        `complaint days (working days): ${COMPLAINT_CATEGORIES.map((category) => `${category} ${days[category]}`).join(', ')}`,
      ),
    ],
  };
}

/**
 * Another code than the stored one, once frozen reports or export watermarks carry the
 * stored one (SPEC §7.4), is refused without --force. A stored code hall cannot read counts
 * as the code it was, so that a hand edit does not let the change through unnoticed.
 */
function refuseCodeChange(db: Parameters<typeof readSettingsLeniently>[0], code: string): void {
  const { settings, damage } = readSettingsLeniently(db);
  const damaged = damage.find((entry) => entry.row === 'center_code')?.value;
  const stored = settings.centerCode ?? (damaged === undefined || damaged === null ? null : String(damaged));
  if (stored === null || stored === code) return;
  const { frozen, exports } = centerCodeHolders(db);
  if (frozen + exports > 0) throw new CenterCodeNeedsForce(stored, code, frozen, exports);
}

/** A complaint-days file (SPEC §7.3), read and checked; any fault names the file. */
function readComplaintDaysFile(path: string): ComplaintDays {
  if (!existsSync(path)) throw new FileNotFound(path);
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new ComplaintDaysRejected(path, null, 'unreadable', typeof code === 'string' ? code : 'EIO');
  }
  return parseComplaintDays(json.replace(/^\uFEFF/, ''), path);
}

interface DoctorOptions {
  full?: boolean;
  allCases?: boolean;
  fix?: boolean;
}

/** Which cases doctor replays by default: those still running, whose cached deadlines drive alerts and lists every day. */
const RUNNING_STATES = ['open', 'paused'] as const;

export function doctor(ctx: Context, options: DoctorOptions = {}): View {
  const db = ctx.db();
  const full = options.full === true;
  const findings = integrityFindings(db, full);
  if (findings.length > 0) throw new StorageFailure('integrity', ctx.dbPath, { findings });
  // Damaged settings are listed with the rest, not met inside: the clock is read in the default zone then.
  const { settings, damage: settingDamage } = readSettingsLeniently(db);
  const today = localDateTime(ctx.now, settings.timeZone).date;
  const years = coveredYears(db);
  const thisYear = Number(today.slice(0, 4));
  const counts = organisationCounts(db);
  const scope = options.allCases ? 'all' : 'running';
  const calendar = ctx.calendar();
  // Replaying every case of a large county takes seconds per hundred thousand (README: 1,000,000 cases ≈ 16 s),
  // so by default only the running ones are: a finished case's caches change only with the calendar, which recomputes them.
  const check = checkCaseCaches(db, calendar, scope === 'all' ? undefined : RUNNING_STATES);
  const fixed = options.fix && check.staleCaseIds.length > 0 ? check.staleCaseIds.length : 0;
  if (fixed > 0) writeTransaction(db, () => refreshCaseCaches(db, calendar, check.staleCaseIds));
  // Combined cases are replayed from their parts' events (after any fix of the parts above).
  const combined = checkCombinedCaches(db, calendar, scope === 'all');
  const fixedCombined = options.fix && combined.staleIds.length > 0 ? combined.staleIds.length : 0;
  if (fixedCombined > 0) writeTransaction(db, () => refreshCombinedCaches(db, calendar, combined.staleIds));
  const voids = forcedVoids(db);
  const items = itemDamage(db);
  // A frozen report whose digest no longer matches its JSON was edited after it was sent (SPEC §7.5).
  const frozen = frozenReportsDamage(db);
  const damage = [...settingDamage, ...items, ...frozen, ...check.damage];
  const damaged = settingDamage.length + items.length + frozen.length + check.damaged;
  const walBytes = ctx.dbPath === ':memory:' || !existsSync(`${ctx.dbPath}-wal`) ? 0 : statSync(`${ctx.dbPath}-wal`).size;
  const json = {
    database: ctx.dbPath,
    integrity: 'ok',
    integrity_check: full ? 'full' : 'quick',
    schema_version: schemaVersion(db),
    code_schema_version: SCHEMA_VERSION,
    journal_mode: journalMode(db),
    wal_bytes: walBytes,
    calendar_years: years,
    current_year_covered: years.includes(thisYear),
    next_year_covered: years.includes(thisYear + 1),
    center_code: settings.centerCode,
    center_level: settings.centerLevel,
    departments: counts.departments,
    windows: counts.windows,
    items: counts.items,
    cases_checked: check.checked,
    cases_scope: scope,
    stale_cases: check.staleCaseIds.length,
    stale_columns: [...check.disagreements, ...combined.disagreements],
    fixed_cases: fixed,
    combined_checked: combined.checked,
    stale_combined: combined.staleIds.length,
    fixed_combined: fixedCombined,
    forced_voids: voids,
    damaged_values: damaged,
    damage: damage.map((entry) => ({ table: entry.table, row: entry.row, column: entry.column, value: entry.value, reason: entry.reason })),
  };
  const megabytes = (walBytes / 1_000_000).toFixed(1);
  const lines = [
    text(`数据库：${ctx.dbPath}`, `database: ${ctx.dbPath}`),
    full
      ? text('完整性检查（integrity_check）：通过', 'integrity check (integrity_check): ok')
      : text('快速完整性检查（quick_check）：通过', 'quick integrity check (quick_check): ok'),
    text(
      `结构版本：${json.schema_version}（程序支持 ${SCHEMA_VERSION}）；日志模式：${json.journal_mode}`,
      `schema version: ${json.schema_version} (this hall: ${SCHEMA_VERSION}); journal mode: ${json.journal_mode}`,
    ),
    text(`WAL 文件：${walBytes} 字节（${megabytes} MB）`, `WAL file: ${walBytes} bytes (${megabytes} MB)`),
    centerLine(settings.centerCode, settings.centerLevel),
    text(`日历覆盖年份：${years.join('、') || '无'}`, `calendar years covered: ${years.join(', ') || 'none'}`),
    text(
      `部门 ${json.departments} 个，窗口 ${json.windows} 个，事项 ${json.items} 项`,
      `${json.departments} departments, ${json.windows} windows, ${json.items} items`,
    ),
    cacheCheckLine(check.checked, scope, json.stale_cases, fixed),
    combinedCheckLine(combined.checked, scope, json.stale_combined, fixedCombined),
    // A forced void removed a case that was already in the figures: listed for review, not an error.
    text(`强制作废的办件：${voids.length} 件`, `cases voided with --force: ${voids.length}`),
  ];
  if (!json.current_year_covered) {
    ctx.warn(text(`日历缺少今年（${thisYear} 年）的节假日安排`, `the calendar has no holiday schedule for this year (${thisYear})`));
  } else if (!json.next_year_covered && Number(today.slice(5, 7)) >= 11) {
    // The State Council's General Office publishes next year's schedule each November.
    const next = thisYear + 1;
    ctx.warn(
      text(
        `${next} 年节假日安排尚未导入；国务院办公厅通常在 11 月公布，请用 hall calendar import 导入`,
        `the ${next} holiday schedule is not imported yet; the State Council's General Office usually publishes it in November: import it with hall calendar import`,
      ),
    );
  }
  const shownCases = new Set(check.disagreements.map((row) => row.number)).size;
  const staleRows = [...check.disagreements, ...combined.disagreements];
  const cell = (value: string | number | null) => (value === null ? ctx.t(text('（空）', '(null)')) : String(value));
  return {
    json,
    lines,
    tables: [
      ...damageTables(ctx, damage, damaged),
      ...forcedVoidTables(ctx, voids),
      ...(staleRows.length === 0
        ? []
        : [
            {
              columns: [
                { key: 'number', title: text('办件编号', 'case'), whole: true },
                { key: 'column', title: text('缓存列', 'column') },
                { key: 'stored', title: text('存储值', 'stored') },
                { key: 'expected', title: text('按事件应为', 'from the events') },
              ],
              rows: staleRows.map((row) => ({
                number: row.number,
                column: ctx.lang === 'zh' ? `${CACHE_COLUMN_WORDS[row.column].zh}（${row.column}）` : row.column,
                stored: cell(row.stored),
                expected: cell(row.expected),
              })),
              footer:
                shownCases < json.stale_cases
                  ? [text(`仅列出前 ${shownCases} 件，共 ${json.stale_cases} 件`, `the first ${shownCases} of ${json.stale_cases} cases`)]
                  : [],
            },
          ]),
    ],
    // Damage comes first: a case hall cannot read is not replayed, so its caches were not judged.
    failure:
      damaged > 0
        ? new DamagedData(damage, damaged)
        : (json.stale_cases > 0 && fixed === 0) || (json.stale_combined > 0 && fixedCombined === 0)
          ? new StaleCaches(json.stale_cases + json.stale_combined, scope)
          : undefined,
  };
}

/** The cases voided past the plain rule of SPEC §3.2, for someone to look at. */
function forcedVoidTables(ctx: Context, voids: readonly ForcedVoid[]): TableSpec[] {
  if (voids.length === 0) return [];
  return [
    {
      title: text('强制作废的办件', 'cases voided with --force'),
      columns: [
        { key: 'number', title: text('办件编号', 'case'), whole: true },
        { key: 'at', title: text('作废时间', 'voided at') },
        { key: 'operator', title: text('操作人', 'operator') },
        { key: 'state_before', title: text('作废前状态', 'state before') },
        { key: 'reason', title: text('原因', 'reason') },
      ],
      rows: voids.map((entry) => ({
        number: entry.number,
        at: localMinute(entry.at),
        operator: entry.operator,
        state_before: entry.state_before ? ctx.t(STATE_WORDS[entry.state_before]) : '',
        reason: entry.reason,
      })),
    },
  ];
}

/** Every stored value doctor could not read: where it is, the value and what is wrong with it. */
function damageTables(ctx: Context, damage: readonly StoredDamage[], count: number): TableSpec[] {
  if (damage.length === 0) return [];
  return [
    {
      columns: [
        { key: 'table', title: text('表', 'table') },
        { key: 'row', title: text('记录', 'record'), whole: true },
        { key: 'column', title: text('列', 'column') },
        { key: 'value', title: text('存储值', 'stored') },
        { key: 'reason', title: text('问题', 'problem') },
      ],
      rows: damage.map((entry) => ({
        table: ctx.lang === 'zh' ? `${TABLE_WORDS[entry.table].zh}（${entry.table}）` : entry.table,
        row: entry.row,
        column: entry.column,
        value: entry.value === null ? ctx.t(text('（空）', '(null)')) : String(entry.value),
        reason: ctx.t(DAMAGE_WORDS[entry.reason]),
      })),
      footer: damage.length < count ? [text(`仅列出前 ${damage.length} 处，共 ${count} 处`, `the first ${damage.length} of ${count}`)] : [],
    },
  ];
}

function cacheCheckLine(checked: number, scope: 'running' | 'all', stale: number, fixed: number): LocalText {
  const count = checked.toLocaleString('en-US');
  const replayed =
    scope === 'all'
      ? text(`按事件重算全部办件 ${count} 件`, `replayed all ${count} cases from their events`)
      : text(`按事件重算在办（办理中、暂停）办件 ${count} 件`, `replayed the ${count} running cases (open, paused) from their events`);
  if (fixed > 0) {
    return text(
      `${replayed.zh}：${fixed} 件的缓存列与事件不一致，已重新计算并保存`,
      `${replayed.en}: ${fixed} had cached columns that disagreed; recomputed and saved`,
    );
  }
  if (stale > 0) return text(`${replayed.zh}：${stale} 件的缓存列与事件不一致`, `${replayed.en}: ${stale} disagree with their cached columns`);
  return text(`${replayed.zh}：缓存列全部一致`, `${replayed.en}: every cached column agrees`);
}

function combinedCheckLine(checked: number, scope: 'running' | 'all', stale: number, fixed: number): LocalText {
  const count = checked.toLocaleString('en-US');
  const replayed =
    scope === 'all'
      ? text(`按办件事件重算全部一件事 ${count} 件`, `replayed all ${count} combined cases from their parts' events`)
      : text(`按办件事件重算在办一件事 ${count} 件`, `replayed the ${count} running combined cases from their parts' events`);
  if (fixed > 0) {
    return text(`${replayed.zh}：${fixed} 件的缓存列不一致，已重新计算并保存`, `${replayed.en}: ${fixed} disagreed; recomputed and saved`);
  }
  if (stale > 0) return text(`${replayed.zh}：${stale} 件的缓存列与事件不一致`, `${replayed.en}: ${stale} disagree with their cached columns`);
  return text(`${replayed.zh}：缓存列全部一致`, `${replayed.en}: every cached column agrees`);
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
    .option('--review-days <n>', app.t('差评整改时限：评价后几个工作日内整改（1–60，默认 5）', 'working days to put a bad rating right (1–60, default 5)'))
    .option('--rubric <file>', app.t('保存窗口考核细则（JSON 文件）', 'store the window assessment rubric (a JSON file)'))
    .option(
      '--center-code <code>',
      app.t(
        '中心的行政区划代码：6 位（县、市）、9 位（乡镇、街道）或 12 位（村）；报表文件名以它开头',
        "the center's administrative division code: 6 digits (county or city), 9 (town or street) or 12 (village); report files begin with it",
      ),
    )
    .option(
      '--center-level <level>',
      app.t(
        '中心层级 city|county|town|village（市、县、乡镇、村；默认按代码判断）',
        "the center's level city|county|town|village (市, 县, 乡镇, 村; by default from the code)",
      ),
    )
    .option('--force', app.t('已有冻结报表或办件导出时仍更改中心代码', 'change the center code although frozen reports or case exports carry the old one'))
    .option(
      '--complaint-days <file>',
      app.t(
        '保存工单办理时限（JSON 文件，如 {"咨询": 2, "投诉": 15}；未给的类别用默认值）',
        'store the working days per complaint category (a JSON file such as {"consult": 2, "complaint": 15}; the rest keep their defaults)',
      ),
    )
    .action(app.action(init));
  program
    .command('doctor')
    .description(
      app.t(
        '检查数据库：完整性、结构版本、WAL 大小、日历覆盖年份、办件缓存列是否与事件一致',
        'check the database: integrity, schema version, WAL size, calendar years covered, case caches against their events',
      ),
    )
    .option('--full', app.t('完整检查 integrity_check（默认快速检查 quick_check）', 'the full integrity_check (default: the quicker quick_check)'))
    .option(
      '--all-cases',
      app.t('按事件重算全部办件（默认只算在办的；一百万件约 18 秒）', 'replay every case (default: the running ones; about 18 s per million cases)'),
    )
    .option('--fix', app.t('在一个事务中按事件重新计算不一致的办件', 'recompute the cases that disagree, in one transaction'))
    .action(app.action(doctor));
  program
    .command('backup')
    .description(app.t('在线备份数据库到 FILE（不覆盖已有文件）', 'online backup of the database to FILE (never overwrites)'))
    .argument('<file>', app.t('备份文件', 'backup file'))
    .action(app.action(backup));
}
