/**
 * The sentence for each error the core and the store throw, in the run's language,
 * naming the case, the value and what is allowed, and — because only the command line
 * knows its flags — the flag to use.
 */

import { LEVEL_WORDS } from '../../core/case-values.js';
import { STAGE_NAMES } from '../../core/catalog.js';
import {
  AlreadyExists,
  AlreadyRated,
  AmbiguousName,
  Cancelled,
  CannotUnsetDay,
  CaseNotFound,
  ComplaintClosed,
  ComplaintNotFound,
  DatabaseMissing,
  DatabaseNotEmpty,
  EmptyImport,
  EventBeforeLast,
  FileNotFound,
  type HallError,
  IllegalAdvance,
  IllegalTransition,
  ImportRejected,
  InvalidValue,
  ItemNotActive,
  ItemNotInHall,
  MalformedCsv,
  MissingColumns,
  NotImmediate,
  OutputExists,
  OutputUnwritable,
  RowRejected,
  RubricRejected,
  StaleCaches,
  StorageFailure,
  Undecodable,
  UnknownDepartment,
  UnknownItem,
  UnknownWindow,
  UsageError,
} from '../../core/errors.js';
import type { CaseCommand } from '../../core/lifecycle.js';
import { type LocalText, text } from '../../core/text.js';
import type { Lang } from '../i18n.js';
import { FLAG_HINTS, fieldName, renderProblem, renderRow } from './problems.js';
import { COMMAND_WORDS, DAY_KIND_WORDS, localMinute, STATE_WORDS, stageList } from './words.js';

export interface RenderedError {
  message: string;
  details: string[];
}

function allowedCommands(allowed: readonly CaseCommand[], lang: Lang): string {
  if (allowed.length === 0) return lang === 'zh' ? '该办件已终结，不能再变更' : 'the case is closed; nothing more can change';
  return lang === 'zh' ? `可执行：${allowed.map((name) => `${name}（${COMMAND_WORDS[name].zh}）`).join('、')}` : `allowed: ${allowed.join(', ')}`;
}

/**
 * The sentence for an error in the run's language. `withFlags` is false where the
 * error is reported inside an import row, where no flag applies.
 */
export function renderError(error: HallError, lang: Lang, withFlags = true): RenderedError {
  const say = (words: LocalText, details: string[] = []): RenderedError => ({ message: words[lang], details });
  if (error instanceof InvalidValue) {
    const hint = withFlags ? FLAG_HINTS[error.problem.rule] : undefined;
    const reason = `${renderProblem(error.problem, lang)}${hint ? (lang === 'zh' ? `；${hint.zh}` : ` (${hint.en})`) : ''}`;
    const name = withFlags ? fieldName(error.field, lang) : error.field;
    return say(text(`${name} "${error.value}" 无效：${reason}`, `${name} "${error.value}" is invalid: ${reason}`));
  }
  if (error instanceof RowRejected) return say(text(`${error.file}：${renderRow(error, 'zh')}`, `${error.file}: ${renderRow(error, 'en')}`));
  if (error instanceof ImportRejected) {
    const skip = error.canSkipInvalid ? text('（可用 --skip-invalid 只导入有效行）', ' (--skip-invalid imports the valid rows only)') : text('', '');
    return say(
      text(
        `${error.file}：${error.rejected} 行无效，未写入任何数据${skip.zh}`,
        `${error.file}: ${error.rejected} invalid row(s); nothing was written${skip.en}`,
      ),
      error.rows.map((row) => renderRow(row, lang)),
    );
  }
  if (error instanceof CaseNotFound) {
    return say(text(`未知办件编号 ${error.number}；hall case list 可查找办件`, `unknown case number ${error.number}; hall case list finds cases`));
  }
  if (error instanceof UnknownItem) {
    return say(
      text(`未知事项编码 ${error.code}；hall items list --search 可查找事项`, `unknown item code ${error.code}; hall items list --search finds items`),
    );
  }
  if (error instanceof UnknownWindow) {
    return say(text(`未知窗口 ${error.code}；hall window list 列出全部窗口`, `unknown window ${error.code}; hall window list shows them all`));
  }
  if (error instanceof UnknownDepartment) {
    return say(
      text(
        `未知部门"${error.department}"；hall dept list 列出全部部门，新部门请先用 hall dept add 添加`,
        `unknown department "${error.department}"; hall dept list shows them all, hall dept add adds a new one`,
      ),
    );
  }
  if (error instanceof AmbiguousName) {
    const matches = error.matches.join(lang === 'zh' ? '、' : ', ');
    return error.entity === 'window'
      ? say(
          text(
            `有 ${error.matches.length} 个窗口名为"${error.value}"：${matches}；请用窗口编码`,
            `${error.matches.length} windows are named "${error.value}": ${matches}; give the window code`,
          ),
        )
      : say(
          text(
            `"${error.value}"可指 ${error.matches.length} 个部门：${matches}；请写出更多名称`,
            `"${error.value}" begins ${error.matches.length} departments: ${matches}; give more of the name`,
          ),
        );
  }
  if (error instanceof ComplaintNotFound) {
    return say(text(`未知投诉编号 ${error.id}；hall complaint list 列出投诉`, `unknown complaint ${error.id}; hall complaint list shows them`));
  }
  if (error instanceof AlreadyExists) {
    return error.entity === 'department'
      ? say(text(`部门"${error.key}"已存在`, `department "${error.key}" already exists`))
      : say(text(`窗口 ${error.key} 已存在`, `window ${error.key} already exists`));
  }
  if (error instanceof IllegalTransition) {
    const state = error.delivered ? text('已办结并送达', 'concluded and delivered') : STATE_WORDS[error.state];
    const command = COMMAND_WORDS[error.command];
    return say(
      text(
        `办件 ${error.number} 当前状态为"${state.zh}"，不能${command.zh}（${error.command}）；${allowedCommands(error.allowed, 'zh')}`,
        `case ${error.number} is ${state.en}; ${error.command} is not allowed (${allowedCommands(error.allowed, 'en')})`,
      ),
    );
  }
  if (error instanceof IllegalAdvance) {
    const zhAllowed = error.allowed.length > 0 ? `可推进到：${stageList(error.allowed, 'zh')}` : '请用 conclude 办结';
    const enAllowed = error.allowed.length > 0 ? `allowed: ${stageList(error.allowed, 'en')}` : 'conclude it instead';
    return say(
      text(
        `办件 ${error.number} 当前环节为"${STAGE_NAMES[error.stage]}"，${error.requested ? `不能推进到"${STAGE_NAMES[error.requested]}"` : '没有下一个环节'}；${zhAllowed}`,
        `case ${error.number} is at stage ${error.stage}; ${error.requested ? `cannot advance to ${error.requested}` : 'there is no next stage'} (${enAllowed})`,
      ),
    );
  }
  if (error instanceof EventBeforeLast) {
    return say(
      text(
        `办件 ${error.number} 的上一事件时间为 ${localMinute(error.last)}，新事件（${localMinute(error.at)}）不能早于它`,
        `case ${error.number}: the new event (${localMinute(error.at)}) cannot precede its last event (${localMinute(error.last)})`,
      ),
    );
  }
  if (error instanceof ItemNotActive) {
    const status = error.status === 'suspended' ? text('已暂停', 'suspended') : text('已取消', 'cancelled');
    return say(
      text(
        `事项 ${error.code}（${error.itemName}）${status.zh}，不能受理；只有在用事项可以登记`,
        `item ${error.code} (${error.itemName}) is ${status.en}; only active items can be registered`,
      ),
    );
  }
  if (error instanceof ItemNotInHall) {
    const hint = withFlags
      ? text('请用 --window 指定受理窗口', 'give the accepting window with --window')
      : text('请填写受理窗口', 'fill in the accepting window');
    return say(
      text(
        `事项 ${error.code}（${error.itemName}）未进驻大厅，没有默认窗口；${hint.zh}`,
        `item ${error.code} (${error.itemName}) is not entered in the hall; ${hint.en}`,
      ),
    );
  }
  if (error instanceof NotImmediate) {
    return say(
      text(
        `--conclude 只用于即办件；事项 ${error.code} 承诺 ${error.promisedDays} 日，请受理后用 hall case conclude 办结`,
        `--conclude is for 即办件 only; item ${error.code} promises ${error.promisedDays} days — conclude it later with hall case conclude`,
      ),
    );
  }
  if (error instanceof CannotUnsetDay) {
    if (error.stored === null) {
      return say(text(`${error.date} 没有用 hall calendar set 设定过，无可撤销`, `nothing was set on ${error.date} with hall calendar set; nothing to unset`));
    }
    const kind = DAY_KIND_WORDS[error.stored.kind];
    return say(
      text(
        `${error.date} 的${kind.zh}安排来自"${error.stored.source}"，是公布的节假日安排，不能撤销；如需更正请用 hall calendar set`,
        `${error.date} is a ${kind.en} of a published schedule ("${error.stored.source}") and cannot be unset; correct it with hall calendar set`,
      ),
    );
  }
  if (error instanceof AlreadyRated) {
    return say(
      text(
        `办件 ${error.number} 已有评价（${error.level} ${LEVEL_WORDS[error.level]}，${error.date}）；改评请加 --replace`,
        `case ${error.number} was already rated ${error.level} on ${error.date}; use --replace to change it`,
      ),
    );
  }
  if (error instanceof ComplaintClosed) {
    return say(
      text(
        `投诉 ${error.id} 已经办结（${error.substantiated ? '查实' : '未查实'}），不能再次办结`,
        `complaint ${error.id} is already closed (${error.substantiated ? 'substantiated' : 'not substantiated'})`,
      ),
    );
  }
  if (error instanceof OutputUnwritable) {
    const why: Record<OutputUnwritable['reason'], LocalText> = {
      directory: text(`${error.path} 是一个目录；请给出文件名`, `${error.path} is a directory; name a file`),
      missing_directory: text(`无法写入 ${error.path}：所在目录不存在`, `cannot write ${error.path}: its directory does not exist`),
      not_writable: text(`无法写入 ${error.path}：没有写权限`, `cannot write ${error.path}: permission denied`),
    };
    return say(text(`${why[error.reason].zh}；未作任何改动`, `${why[error.reason].en}; nothing was changed`));
  }
  if (error instanceof DatabaseMissing) {
    return say(text(`数据库 ${error.path} 不存在；新建请运行 hall init`, `database ${error.path} does not exist; create it with hall init`));
  }
  if (error instanceof DatabaseNotEmpty) {
    const held = [
      error.cases > 0 ? text(`办件 ${error.cases} 件`, `${error.cases} cases`) : null,
      error.items > 0 ? text(`事项 ${error.items} 项`, `${error.items} items`) : null,
      error.windows > 0 ? text(`窗口 ${error.windows} 个`, `${error.windows} windows`) : null,
    ].filter((part): part is LocalText => part !== null);
    return say(
      text(
        `数据库 ${error.path} 已有数据（${held.map((part) => part.zh).join('、')}），示范中心只建在新建的空库里，未写入任何数据；例如 hall --db demo.db init 后运行 hall --db demo.db demo`,
        `database ${error.path} already holds data (${held.map((part) => part.en).join(', ')}); the demo center is built only in a new, empty database, and nothing was written; e.g. hall --db demo.db init, then hall --db demo.db demo`,
      ),
    );
  }
  if (error instanceof Cancelled) return say(text('已取消，未登记', 'cancelled; nothing was registered'));
  if (error instanceof OutputExists) {
    return error.overwrite === 'with_force'
      ? say(text(`${error.path} 已存在；覆盖请加 --force`, `${error.path} already exists; add --force to overwrite it`))
      : say(text(`${error.path} 已存在；备份不会覆盖已有文件`, `${error.path} already exists; a backup never overwrites a file`));
  }
  if (error instanceof RubricRejected) {
    const where = error.key === null ? error.source : `${error.source} 的 "${error.key}"`;
    const whereEn = error.key === null ? error.source : `"${error.key}" in ${error.source}`;
    const why: Record<RubricRejected['reason'], LocalText> = {
      json: text(`不是有效的 JSON：${error.detail}`, `is not valid JSON: ${error.detail}`),
      not_object: text('应为 JSON 对象，如 {"on_time": 40}', 'must be a JSON object such as {"on_time": 40}'),
      unknown_key: text(`不是考核细则的项目；可用：${error.detail}`, `is not a rubric key; use ${error.detail}`),
      not_number: text(`应为数字，实为 ${error.detail}`, `must be a number, not ${error.detail}`),
      negative: text(`不能为负数（${error.detail}）`, `must not be negative (${error.detail})`),
      not_whole: text(`应为整数（${error.detail}）`, `must be a whole number (${error.detail})`),
      no_points: text('各项分值全为 0，无法评分', 'gives no points to any component'),
    };
    return say(text(`考核细则 ${where} ${why[error.reason].zh}`, `rubric ${whereEn} ${why[error.reason].en}`));
  }
  if (error instanceof FileNotFound) return say(text(`找不到文件 ${error.path}`, `file not found: ${error.path}`));
  if (error instanceof EmptyImport) {
    return error.reason === 'empty'
      ? say(text(`${error.file} 是空文件：没有表头，也没有数据行`, `${error.file} is empty: no header and no rows`))
      : say(text(`${error.file} 只有表头，没有数据行`, `${error.file} has a header but no data rows`));
  }
  if (error instanceof MissingColumns) {
    const names = error.columns.map((aliases) => aliases.join(' / '));
    return say(
      text(
        `${error.file} 表头（文件第 1 行）缺少必需列：${names.join('；')}；未读取任何数据行`,
        `${error.file}: the header (line 1) lacks required column(s): ${names.join('; ')}; no row was read`,
      ),
    );
  }
  if (error instanceof Undecodable) {
    const zh = error.attempts.map((bad) => `按 ${bad.encoding} 在字节偏移 ${bad.offset}（第 ${bad.line} 行）处无效`).join('，');
    const en = error.attempts.map((bad) => `as ${bad.encoding}: invalid byte at offset ${bad.offset} (line ${bad.line})`).join('; ');
    return say(
      text(`${error.file} 无法解码：${zh}；请另存为 UTF-8 或 GB18030 后重试`, `${error.file} cannot be decoded (${en}); save it as UTF-8 or GB18030 and retry`),
    );
  }
  if (error instanceof MalformedCsv) {
    return say(
      text(
        `${error.file} 不是有效的 CSV（第 ${error.line} 行附近）：${error.detail}`,
        `${error.file} is not valid CSV (near line ${error.line}): ${error.detail}`,
      ),
    );
  }
  if (error instanceof StaleCaches) {
    const fix = error.scope === 'all' ? 'hall doctor --all-cases --fix' : 'hall doctor --fix';
    return say(
      text(
        `${error.cases} 件办件的缓存列与其事件记录不一致（见上文），未作任何改动；${fix} 按事件重新计算`,
        `${error.cases} case(s) have cached columns that disagree with their events (listed above); nothing was changed; ${fix} recomputes them from the events`,
      ),
    );
  }
  if (error instanceof UsageError) return renderUsage(error, lang);
  if (error instanceof StorageFailure) return renderStorage(error, lang);
  return say(text(`内部错误：${error.name}`, `internal error: ${error.name}`));
}

/** The label after `hall:` on stderr: a refused command, or a command line that is not one (exit 2). */
export const ERROR_LABELS = {
  error: text('错误', 'error'),
  usage: text('用法错误', 'usage error'),
};

function renderUsage(error: UsageError, lang: Lang): RenderedError {
  const names = error.names.join(lang === 'zh' ? '、' : ', ');
  switch (error.reason) {
    case 'missing_options':
      return { message: lang === 'zh' ? `缺少 ${names}（不在终端上运行时不会提示输入）` : `missing ${names} (no prompts when not on a terminal)`, details: [] };
    case 'conflicting_options':
      return { message: lang === 'zh' ? `${names} 只能选一个` : `${names} exclude each other`, details: [] };
    case 'bad_option':
      return { message: lang === 'zh' ? `${names} 的值"${error.value}"无效` : `${names}: invalid value "${error.value}"`, details: [] };
    case 'needs_out':
      return {
        message:
          lang === 'zh'
            ? `${names} 是文件格式，不能输出到终端；请用 --out 指定文件或目录`
            : `${names} is a file format and cannot go to a terminal; name a file or directory with --out`,
        details: [],
      };
    case 'csv_needs_section':
      return {
        message:
          lang === 'zh'
            ? 'CSV 一次只写一张统计表：加 --section 指定哪一张，或用 --out 目录/ 每张表写一个文件'
            : 'a CSV holds one table: name it with --section, or give --out a directory for one file per table',
        details: [],
      };
    case 'format_unsupported':
      return {
        message: lang === 'zh' ? `此命令不支持 ${names}；可用 table、csv、json` : `this command does not support ${names}; use table, csv or json`,
        details: [],
      };
    case 'empty_option':
      return { message: lang === 'zh' ? `${names} 不能为空` : `${names} must not be empty`, details: [] };
    case 'bad_environment':
      return {
        message:
          lang === 'zh'
            ? `环境变量 ${names}="${error.value}" 不是 1949–2199 年间的 ISO 时间（如 2025-10-09T09:30:00+08:00）`
            : `${names}="${error.value}" is not an ISO timestamp within 1949–2199 (e.g. 2025-10-09T09:30:00+08:00)`,
        details: [],
      };
  }
}

function renderStorage(error: StorageFailure, lang: Lang): RenderedError {
  const { path, detail } = error;
  const words: Record<StorageFailure['problem'], LocalText> = {
    directory: text(`${path} 是一个目录，不是数据库文件`, `${path} is a directory, not a database file`),
    missing_directory: text(
      `数据库 ${path} 所在的目录不存在；请先建立目录或改用 --db`,
      `the directory of database ${path} does not exist; create it or use --db`,
    ),
    output_failed: text(`无法写入 ${path}（${detail.code}）`, `cannot write ${path} (${detail.code})`),
    not_sqlite: text(`${path} 不是 SQLite 数据库（文件头不符），未作任何改动`, `${path} is not a SQLite database (bad file header); nothing was changed`),
    newer_schema: text(
      `数据库 ${path} 的结构版本为 ${detail.version}，比本程序支持的 ${detail.supported} 新；请升级 hall`,
      `database ${path} has schema version ${detail.version}, newer than this hall supports (${detail.supported}); upgrade hall`,
    ),
    locked: text(`数据库 ${path} 被其他进程锁定过久，请稍后重试`, `database ${path} stayed locked by another process too long; try again`),
    corrupt: text(`数据库 ${path} 已损坏或不是 SQLite 数据库（${detail.code}）`, `database ${path} is corrupt or not a SQLite database (${detail.code})`),
    unwritable: text(`无法写入数据库 ${path}（${detail.code}）`, `cannot use database ${path} (${detail.code})`),
    integrity: text(
      `数据库 ${path} 完整性检查失败：${(detail.findings ?? []).join('；')}；请用最近的备份恢复`,
      `database ${path} failed the integrity check: ${(detail.findings ?? []).join('; ')}; restore the latest backup`,
    ),
  };
  return { message: words[error.problem][lang], details: [] };
}
