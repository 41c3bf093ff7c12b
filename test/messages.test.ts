/** The message catalogue: every kind of error the core and the store throw, rendered once in each language. */
import { describe, expect, it } from 'vitest';
import { periodUsage, renderError } from '../src/cli/messages/errors.js';
import { renderNotice } from '../src/cli/messages/notices.js';
import { BadWithout, BundleCancelled, CombinedCommand, CombinedNothingToDo, PartOfCombined } from '../src/core/combined-errors.js';
import { DamagedData } from '../src/core/damage.js';
import { ERROR_KINDS, type ErrorKind, type ErrorOfKind } from '../src/core/error-kinds.js';
import {
  AlreadyExists,
  AlreadyRated,
  AmbiguousName,
  Cancelled,
  CannotUnsetDay,
  CaseNotFound,
  CenterCodeNeedsForce,
  ComplaintClosed,
  ComplaintDaysRejected,
  ComplaintNotFound,
  EventBeforeLast,
  type HallError,
  IllegalAdvance,
  IllegalTransition,
  InvalidValue,
  ItemNotActive,
  ItemNotInHall,
  MergeIntoItself,
  NotImmediate,
  PackRejected,
  PeriodUnclear,
  RubricRejected,
  UnknownBundle,
  UnknownDepartment,
  UnknownItem,
  UnknownWindow,
  UsageError,
  VoidNeedsForce,
  WindowCodeRetired,
  WindowNameTaken,
} from '../src/core/errors.js';
import { ExportDirectoryRefused, ExportFormatRefused, ExportNeedsCenterCode, ExportOtherCenter } from '../src/core/export-errors.js';
import { DatabaseMissing, DatabaseNotEmpty, FileNotFound, OutputExists, OutputUnwritable, StaleCaches, StorageFailure } from '../src/core/file-errors.js';
import { AlreadyFrozen, CannotFreeze, NotFrozen } from '../src/core/frozen-errors.js';
import {
  EmptyImport,
  HeaderNotFound,
  ImportRejected,
  MalformedCsv,
  MissingColumns,
  NotAWorkbook,
  RowRejected,
  SheetNotFound,
  Undecodable,
} from '../src/core/import-errors.js';
import { IllegalReviewStep, ReviewNotFound, ReviewStepBefore } from '../src/core/review-errors.js';

const zh = (error: HallError) => renderError(error, 'zh').message;
const en = (error: HallError) => renderError(error, 'en').message;

/** One error of each kind; the compiler checks that no kind is left out. */
const ONE_OF_EACH: { [K in ErrorKind]: ErrorOfKind<K> } = {
  invalid_value: new InvalidValue('channel', 'post', { rule: 'channel' }),
  case_not_found: new CaseNotFound('20251009-0099'),
  unknown_item: new UnknownItem('XK999'),
  unknown_bundle: new UnknownBundle('YJS999'),
  bad_without: new BadWithout('YJS001', 'GG04001000', 'required', ['GG05001000']),
  bundle_cancelled: new BundleCancelled('YJS001', '开办企业一件事'),
  combined_command: new CombinedCommand('J20251009-0001', 'advance', ['20251009-0003', '20251009-0004']),
  combined_nothing_to_do: new CombinedNothingToDo('J20251009-0001', 'withdraw'),
  part_of_combined: new PartOfCombined('20251009-0003', 'J20251009-0001'),
  unknown_window: new UnknownWindow('W999'),
  unknown_department: new UnknownDepartment('D9'),
  ambiguous_name: new AmbiguousName('window', 'W', ['W002', 'W009']),
  complaint_not_found: new ComplaintNotFound(7),
  already_exists: new AlreadyExists('department', 'D1'),
  window_name_taken: new WindowNameTaken('出入境窗口', 'W002'),
  window_code_retired: new WindowCodeRetired('W002', 'W001'),
  merge_into_itself: new MergeIntoItself('W002', '出入境窗口', 'W002'),
  illegal_transition: new IllegalTransition('20251009-0001', 'concluded', true, 'deliver', []),
  illegal_advance: new IllegalAdvance('20251009-0001', 'decide', null, []),
  void_needs_force: new VoidNeedsForce('20251009-0001', 'concluded', '2025-10-08', '2025-10-09', 'later_events', ['conclude']),
  event_before_last: new EventBeforeLast('20251009-0001', '2025-10-09T10:00:00+08:00', '2025-10-08T10:00:00+08:00'),
  item_not_active: new ItemNotActive('XK1', 'Food', 'suspended'),
  item_not_in_hall: new ItemNotInHall('QT1', 'Sign'),
  not_immediate: new NotImmediate('XK1', 5),
  cannot_unset_day: new CannotUnsetDay('2025-10-01', { kind: 'holiday', source: 'official' }),
  already_rated: new AlreadyRated('20251009-0001', 5, '2025-10-09'),
  complaint_closed: new ComplaintClosed(1, false),
  review_not_found: new ReviewNotFound('99'),
  illegal_review_step: new IllegalReviewStep(3, 'rectified', '2025-10-14', 'rectify', ['visit']),
  review_step_before: new ReviewStepBefore(3, 'visit', 'rectified', '2025-10-14', '2025-10-13'),
  output_exists: new OutputExists('r.xlsx', 'with_force'),
  already_frozen: new AlreadyFrozen('monthly', '2025-10', '2025-11-03T09:00:00+08:00', '张三'),
  not_frozen: new NotFrozen('assessment', '2025Q3'),
  cannot_freeze: new CannotFreeze('monthly', '2025-11', 'not_ended', '2025-11-30', '2025-11-05'),
  rubric_rejected: new RubricRejected('r.json', 'on_time', 'negative', '-5'),
  center_code_needs_force: new CenterCodeNeedsForce('330681101', '330681102', 1, 0),
  complaint_days_rejected: new ComplaintDaysRejected('days.json', 'complaint', 'twice', '投诉'),
  pack_rejected: new PackRejected('inbox/330681101-2025-10-月度统计.json', 'digest'),
  output_unwritable: new OutputUnwritable('out', 'directory'),
  export_format: new ExportFormatRefused('json', ['parquet', 'csv', 'jsonl']),
  export_directory: new ExportDirectoryRefused('out', 'file'),
  export_needs_center_code: new ExportNeedsCenterCode(),
  export_other_center: new ExportOtherCenter('out', ['330682'], '330681'),
  database_missing: new DatabaseMissing('hall.db'),
  stale_caches: new StaleCaches(1, 'all'),
  damaged_data: new DamagedData([{ table: 'settings', row: 'time_zone', column: 'value', value: 'Mars', reason: 'time_zone' }]),
  database_not_empty: new DatabaseNotEmpty('hall.db', 3, 0, 0),
  cancelled: new Cancelled('registration'),
  file_not_found: new FileNotFound('x.csv'),
  empty_import: new EmptyImport('x.csv', 'empty'),
  missing_columns: new MissingColumns('x.csv', [['date']]),
  undecodable: new Undecodable('x.csv', [{ encoding: 'GB18030', offset: 3, line: 1 }]),
  malformed_csv: new MalformedCsv('x.csv', 2, 'Invalid Closing Quote'),
  not_a_workbook: new NotAWorkbook('x.xlsx', 'encrypted'),
  sheet_not_found: new SheetNotFound('x.xlsx', '办件', ['事项目录', '说明']),
  header_not_found: new HeaderNotFound('x.xlsx', 'Sheet1', 30, ['事项编码'], ['事项名称']),
  row_rejected: new RowRejected('x.csv', 1, 2, 'date', 'x', { rule: 'date' }),
  import_rejected: new ImportRejected('x.csv', [], 1, false),
  usage: new UsageError('conflicting_options', ['--limit', '--all']),
  period_unclear: new PeriodUnclear('none', ['month', 'range']),
  storage: new StorageFailure('locked', 'hall.db'),
};

describe('every kind of error', () => {
  it.each(ERROR_KINDS)('%s has words in both languages', (kind) => {
    const error = ONE_OF_EACH[kind];
    expect(error.kind).toBe(kind);
    const [chinese, english] = [zh(error), en(error)];
    expect(chinese).toMatch(/\p{Script=Han}/u);
    expect(chinese).not.toMatch(/^内部错误|^internal error/);
    // English keeps some Chinese terms (即办件, the Chinese values an option accepts) but
    // never Chinese punctuation, the mark of a sentence left untranslated.
    expect(english).not.toMatch(/^internal error|[，；：（）。、]/);
    expect(english).not.toBe(chinese);
  });

  it('every kind has a sample, and nothing else does', () => {
    expect(Object.keys(ONE_OF_EACH).sort()).toEqual([...ERROR_KINDS].sort());
  });
});

describe('every error renders in both languages', () => {
  it.each<[string, HallError, string, string]>([
    [
      'IllegalReviewStep (the same step again)',
      new IllegalReviewStep(3, 'rectified', '2025-10-14', 'rectify', ['visit']),
      '整改单 3 已整改（2025-10-14），不能再整改；可以：回访（visit）',
      'review 3 is rectified (2025-10-14); it cannot be rectified again; allowed: visit',
    ],
    [
      'IllegalReviewStep (a closed review)',
      new IllegalReviewStep(4, 'invalid', '2025-10-10', 'rectify', []),
      '整改单 4 申诉成立（2025-10-10），不能整改；该整改单已结束，不能再变更',
      'review 4 is invalid (appeal upheld) (2025-10-10); it cannot be rectified; the review is closed; nothing more can change',
    ],
    [
      'ReviewStepBefore',
      new ReviewStepBefore(3, 'visit', 'rectified', '2025-10-14', '2025-10-13'),
      '整改单 3 于 2025-10-14 整改，回访日期 2025-10-13 不能早于它',
      'review 3 was rectified on 2025-10-14; the visit dated 2025-10-13 cannot precede that',
    ],
    [
      'CaseNotFound',
      new CaseNotFound('20251009-0099'),
      '未知办件编号 20251009-0099；hall case list 可查找办件',
      'unknown case number 20251009-0099; hall case list finds cases',
    ],
    [
      'UnknownItem',
      new UnknownItem('XK999'),
      '未知事项编码 XK999；hall items list --search 可查找事项',
      'unknown item code XK999; hall items list --search finds items',
    ],
    ['UnknownWindow', new UnknownWindow('W999'), '未知窗口 W999；hall window list 列出全部窗口', 'unknown window W999; hall window list shows them all'],
    [
      'UnknownDepartment',
      new UnknownDepartment('不动产中心'),
      '未知部门"不动产中心"；hall dept list 列出全部部门，新部门请先用 hall dept add 添加',
      'unknown department "不动产中心"; hall dept list shows them all, hall dept add adds a new one',
    ],
    [
      'AmbiguousName (window)',
      new AmbiguousName('window', '出入境窗口', ['W002', 'W009']),
      '有 2 个窗口名为"出入境窗口"：W002、W009；请用窗口编码',
      '2 windows are named "出入境窗口": W002, W009; give the window code',
    ],
    [
      'AmbiguousName (department)',
      new AmbiguousName('department', '公', ['公安局', '公积金中心']),
      '"公"可指 2 个部门：公安局、公积金中心；请写出更多名称',
      '"公" begins 2 departments: 公安局, 公积金中心; give more of the name',
    ],
    ['ComplaintNotFound', new ComplaintNotFound(7), '未知投诉编号 7；hall complaint list 列出投诉', 'unknown complaint 7; hall complaint list shows them'],
    ['AlreadyExists', new AlreadyExists('window', 'A01'), '窗口 A01 已存在', 'window A01 already exists'],
    [
      'IllegalTransition',
      new IllegalTransition('20251009-0001', 'paused', false, 'conclude', ['resume', 'withdraw']),
      '办件 20251009-0001 当前状态为"已暂停"，不能办结（conclude）；可执行：resume（恢复）、withdraw（撤回）',
      'case 20251009-0001 is paused; conclude is not allowed (allowed: resume, withdraw)',
    ],
    [
      'IllegalAdvance',
      new IllegalAdvance('20251009-0001', 'review', 'deliver', ['decide']),
      '办件 20251009-0001 当前环节为"审查"，不能推进到"送达"；可推进到：审批',
      'case 20251009-0001 is at stage review; cannot advance to deliver (allowed: decide)',
    ],
    [
      'EventBeforeLast',
      new EventBeforeLast('20251009-0001', '2025-10-09T10:00:00+08:00', '2025-10-08T10:00:00+08:00'),
      '办件 20251009-0001 的上一事件时间为 2025-10-09 10:00，新事件（2025-10-08 10:00）不能早于它',
      'case 20251009-0001: the new event (2025-10-08 10:00) cannot precede its last event (2025-10-09 10:00)',
    ],
    [
      'ItemNotActive',
      new ItemNotActive('XK1', '食品经营许可', 'cancelled'),
      '事项 XK1（食品经营许可）已取消，不能受理；只有在用事项可以登记',
      'item XK1 (食品经营许可) is cancelled; only active items can be registered',
    ],
    [
      'ItemNotInHall',
      new ItemNotInHall('QT1', '清真食品标识牌核发'),
      '事项 QT1（清真食品标识牌核发）未进驻大厅，没有默认窗口；请用 --window 指定受理窗口',
      'item QT1 (清真食品标识牌核发) is not entered in the hall; give the accepting window with --window',
    ],
    [
      'NotImmediate',
      new NotImmediate('XK1', 5),
      '--conclude 只用于即办件；事项 XK1 承诺 5 日，请受理后用 hall case conclude 办结',
      '--conclude is for 即办件 only; item XK1 promises 5 days — conclude it later with hall case conclude',
    ],
    [
      'AlreadyRated',
      new AlreadyRated('20251009-0001', 2, '2025-10-09'),
      '办件 20251009-0001 已有评价（2 不满意，2025-10-09）；改评请加 --replace',
      'case 20251009-0001 was already rated 2 on 2025-10-09; use --replace to change it',
    ],
    ['ComplaintClosed', new ComplaintClosed(1, true), '投诉 1 已经办结（查实），不能再次办结', 'complaint 1 is already closed (substantiated)'],
    [
      'OutputUnwritable',
      new OutputUnwritable('out/r.csv', 'missing_directory'),
      '无法写入 out/r.csv：所在目录不存在；未作任何改动',
      'cannot write out/r.csv: its directory does not exist; nothing was changed',
    ],
    ['Cancelled', new Cancelled('registration'), '已取消，未登记', 'cancelled; nothing was registered'],
    [
      'DatabaseMissing',
      new DatabaseMissing('hall.db'),
      '数据库 hall.db 不存在；新建请运行 hall init',
      'database hall.db does not exist; create it with hall init',
    ],
    [
      'StaleCaches',
      new StaleCaches(3, 'running'),
      '3 件办件的缓存列与其事件记录不一致（见上文），未作任何改动；hall doctor --fix 按事件重新计算',
      '3 case(s) have cached columns that disagree with their events (listed above); nothing was changed; hall doctor --fix recomputes them from the events',
    ],
    [
      'DatabaseNotEmpty',
      new DatabaseNotEmpty('hall.db', 0, 57, 14),
      '数据库 hall.db 已有数据（事项 57 项、窗口 14 个），示范中心只建在新建的空库里，未写入任何数据；例如 hall --db demo.db init 后运行 hall --db demo.db demo',
      'database hall.db already holds data (57 items, 14 windows); the demo center is built only in a new, empty database, and nothing was written; e.g. hall --db demo.db init, then hall --db demo.db demo',
    ],
    ['OutputExists', new OutputExists('b.db'), 'b.db 已存在；备份不会覆盖已有文件', 'b.db already exists; a backup never overwrites a file'],
    ['FileNotFound', new FileNotFound('x.csv'), '找不到文件 x.csv', 'file not found: x.csv'],
    ['EmptyImport', new EmptyImport('x.csv', 'header_only'), 'x.csv 只有表头，没有数据行', 'x.csv has a header but no data rows'],
    [
      'MissingColumns',
      new MissingColumns('x.csv', [['日期', 'date']]),
      'x.csv 表头（文件第 1 行）缺少必需列：日期 / date；未读取任何数据行',
      'x.csv: the header (line 1) lacks required column(s): 日期 / date; no row was read',
    ],
    [
      'Undecodable',
      new Undecodable('x.csv', [{ encoding: 'UTF-8', offset: 12, line: 2 }]),
      'x.csv 无法解码：按 UTF-8 在字节偏移 12（第 2 行）处无效；请另存为 UTF-8 或 GB18030 后重试',
      'x.csv cannot be decoded (as UTF-8: invalid byte at offset 12 (line 2)); save it as UTF-8 or GB18030 and retry',
    ],
    [
      'MalformedCsv',
      new MalformedCsv('x.csv', 4, 'Invalid Closing Quote'),
      'x.csv 不是有效的 CSV（第 4 行附近）：Invalid Closing Quote',
      'x.csv is not valid CSV (near line 4): Invalid Closing Quote',
    ],
    [
      'InvalidValue',
      new InvalidValue('channel', '邮寄', { rule: 'channel' }),
      '--channel "邮寄" 无效：应为 窗口、网上、自助、代办、预约（或 window、online、kiosk、proxy、appointment）',
      '--channel "邮寄" is invalid: use window, online, kiosk, proxy, appointment (or 窗口, 网上, 自助, 代办, 预约)',
    ],
    [
      'RowRejected',
      new RowRejected('x.csv', 3, 4, '承诺时限', '二十天', { rule: 'days' }),
      'x.csv：第 3 行（文件第 4 行），列 承诺时限 = "二十天"：应为天数，如 20、20个工作日、二十、30个自然日、即办',
      'x.csv: row 3 (line 4), column 承诺时限 = "二十天": expected a number of days such as 20, 20个工作日, 二十, 30个自然日 or 即办',
    ],
    [
      'CannotUnsetDay (nothing set)',
      new CannotUnsetDay('2025-10-08', null),
      '2025-10-08 没有用 hall calendar set 设定过，无可撤销',
      'nothing was set on 2025-10-08 with hall calendar set; nothing to unset',
    ],
    [
      'CannotUnsetDay (published)',
      new CannotUnsetDay('2025-10-01', { kind: 'holiday', source: 'official' }),
      '2025-10-01 的放假安排来自"official"，是公布的节假日安排，不能撤销；如需更正请用 hall calendar set',
      '2025-10-01 is a holiday of a published schedule ("official") and cannot be unset; correct it with hall calendar set',
    ],
    [
      'RubricRejected',
      new RubricRejected('r.json', 'on_time', 'negative', '-5'),
      '考核细则 r.json 的 "on_time" 不能为负数（-5）',
      'rubric "on_time" in r.json must not be negative (-5)',
    ],
    [
      'UsageError',
      new UsageError('missing_options', ['--item']),
      '缺少 --item（不在终端上运行时不会提示输入）',
      'missing --item (no prompts when not on a terminal)',
    ],
    [
      'StorageFailure',
      new StorageFailure('newer_schema', 'hall.db', { version: 99, supported: 3 }),
      '数据库 hall.db 的结构版本为 99，比本程序支持的 3 新；请升级 hall',
      'database hall.db has schema version 99, newer than this hall supports (3); upgrade hall',
    ],
  ])('%s', (_name, error, chinese, english) => {
    expect(zh(error)).toBe(chinese);
    expect(en(error)).toBe(english);
  });

  it('ImportRejected lists the first rows under the message and offers --skip-invalid where it exists', () => {
    const row = new RowRejected('x.csv', 2, 3, '事项编码', 'XK9', { rule: 'refused', error: new UnknownItem('XK9') });
    const rendered = renderError(new ImportRejected('x.csv', [row], 1, true), 'zh');
    expect(rendered).toEqual({
      message: 'x.csv：1 行无效，未写入任何数据（可用 --skip-invalid 只导入有效行）',
      details: ['第 2 行（文件第 3 行），列 事项编码 = "XK9"：未知事项编码 XK9；hall items list --search 可查找事项'],
    });
    expect(renderError(new ImportRejected('y.csv', [], 2, false), 'en').message).toBe('y.csv: 2 invalid row(s); nothing was written');
  });

  it('inside an import row, a domain error names no flag', () => {
    const row = new RowRejected('x.csv', 1, 2, '事项编码', 'QT1', { rule: 'refused', error: new ItemNotInHall('QT1', '清真食品标识牌核发') });
    expect(zh(row)).toBe('x.csv：第 1 行（文件第 2 行），列 事项编码 = "QT1"：事项 QT1（清真食品标识牌核发）未进驻大厅，没有默认窗口；请填写受理窗口');
  });

  it('names an argument by what it is, an option by its flag', () => {
    expect(zh(new InvalidValue('window_code', '窗口一', { rule: 'window_code' }))).toBe('窗口编码 "窗口一" 无效：窗口编码只能使用字母、数字、- 和 _');
    expect(en(new InvalidValue('applicant_id', 'E1', { rule: 'id_form' }))).toBe(
      '--applicant-id "E1" is invalid: neither an 18-character resident ID nor a credit code (use --id-type other for passports and permits)',
    );
  });

  it('renders the empty-option usage error and the full-device storage failure', () => {
    expect(zh(new UsageError('empty_option', ['--db'], ''))).toBe('--db 不能为空');
    expect(en(new StorageFailure('output_failed', '/dev/full', { code: 'ENOSPC' }))).toBe('cannot write /dev/full: the disk is full (ENOSPC)');
    expect(zh(new StorageFailure('output_failed', '/dev/full', { code: 'ENOSPC' }))).toBe('无法写入 /dev/full：磁盘已满（ENOSPC）');
    expect(zh(new StorageFailure('missing_directory', 'x/h.db'))).toBe('数据库 x/h.db 所在的目录不存在；请先建立目录或改用 --db');
    expect(en(new StorageFailure('catalog_changed', 'hall.db', { findings: ['windows.id 3'] }))).toBe(
      'another process changed the catalog of hall.db during the import: these rows the imported cases refer to are gone (windows.id 3); nothing was imported; import again',
    );
    expect(zh(new StorageFailure('catalog_changed', 'hall.db', { findings: ['windows.id 3'] }))).toBe(
      '导入期间另一进程修改了 hall.db 的目录，导入的办件所属的以下记录已不存在（windows.id 3）；未导入任何办件，请重新导入',
    );
  });

  it('tells a period named wrongly by the options of hall report', () => {
    expect(periodUsage(new PeriodUnclear('none', ['month', 'quarter', 'range']))).toEqual(
      new UsageError('missing_options', ['--month', '--quarter', '--from/--to']),
    );
    expect(zh(new PeriodUnclear('several', ['month', 'quarter', 'range']))).toBe('--month、--quarter、--from/--to 只能选一个');
    expect(en(new PeriodUnclear('none', ['month', 'range']))).toBe('missing --month, --from/--to (no prompts when not on a terminal)');
    expect(zh(new PeriodUnclear('no_first_day', ['month', 'range']))).toBe('缺少 --from（不在终端上运行时不会提示输入）');
    expect(zh(new PeriodUnclear('no_last_day', ['month', 'range']))).toBe('缺少 --to（不在终端上运行时不会提示输入）');
  });

  it('renders notices as warnings', () => {
    expect(renderNotice({ notice: 'pack_skipped', file: 'inbox/说明.txt' }, 'zh')).toBe('跳过 inbox/说明.txt：不是 .json 文件，未计入汇总');
    expect(renderNotice({ notice: 'unknown_columns', columns: ['备注'], count: 1 }, 'zh')).toBe('忽略未知列"备注"');
    expect(renderNotice({ notice: 'unknown_columns', columns: ['甲', '乙'], count: 12000 }, 'zh')).toBe('忽略 12000 个未知列："甲"、"乙" 等（只列出前 2 个）');
    expect(renderNotice({ notice: 'unknown_columns', columns: ['x', 'y'], count: 2 }, 'en')).toBe('ignored 2 unknown columns: "x", "y"');
    expect(renderNotice({ notice: 'calendar_year_missing', year: 2027 }, 'en')).toBe(
      'the calendar has no holiday schedule for 2027; that year counts weekends only — add it with hall calendar import',
    );
  });
});
