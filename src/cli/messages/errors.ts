/**
 * The sentence for each kind of error the core and the store throw, in both languages,
 * naming the case, the value and what is allowed, and — because only the command line
 * knows its flags — the flag to use. The table is keyed by kind, so an error without
 * words in both languages does not compile; 内部错误 is left for what is not a HallError.
 */

import { LEVEL_WORDS } from '../../core/case-values.js';
import { STAGE_NAMES } from '../../core/catalog.js';
import { MAX_COMPLAINT_DAYS } from '../../core/complaint.js';
import type { ErrorKind, ErrorOfKind } from '../../core/error-kinds.js';
import { type ComplaintDaysRejected, type HallError, type PackRejected, type PeriodUnclear, type RubricRejected, UsageError } from '../../core/errors.js';
import type { OutputUnwritable, StorageFailure } from '../../core/file-errors.js';
import type { FreezableKind } from '../../core/frozen-errors.js';
import type { CaseCommand } from '../../core/lifecycle.js';
import type { PeriodWay } from '../../core/period.js';
import type { ReviewState, ReviewStep } from '../../core/review.js';
import { type LocalText, text } from '../../core/text.js';
import type { Lang } from '../i18n.js';
import { damageFix, damageText } from './damage.js';
import { FLAG_HINTS, fieldName, problemText, renderRow } from './problems.js';
import { jsonErrorPlace, systemCodeText } from './system-codes.js';
import { COMMAND_WORDS, DAY_KIND_WORDS, EVENT_KIND_WORDS, localMinute, REVIEW_STATE_WORDS, REVIEW_STEP_WORDS, STATE_WORDS, stageList } from './words.js';
import { WORKBOOK_ERRORS } from './workbook.js';

export interface RenderedError {
  message: string;
  details: string[];
}

function allowedCommands(allowed: readonly CaseCommand[]): LocalText {
  if (allowed.length === 0) return text('该办件已终结，不能再变更', 'the case is closed; nothing more can change');
  return text(`可执行：${allowed.map((name) => `${name}（${COMMAND_WORDS[name].zh}）`).join('、')}`, `allowed: ${allowed.join(', ')}`);
}

/** The step a review's state would take again (整改 a rectified one): said as "再", "again". */
const OWN_STEP: Partial<Record<ReviewState, ReviewStep>> = { rectified: 'rectify', visited: 'visit', invalid: 'invalidate' };

function allowedReviewSteps(allowed: readonly ReviewStep[]): LocalText {
  if (allowed.length === 0) return text('该整改单已结束，不能再变更', 'the review is closed; nothing more can change');
  return text(`可以：${allowed.map((step) => `${REVIEW_STEP_WORDS[step].zh}（${step}）`).join('、')}`, `allowed: ${allowed.join(', ')}`);
}

/** The reports that can be frozen (SPEC §7.5), as an error names them. */
const FROZEN_REPORT_WORDS: Record<FreezableKind, LocalText> = { monthly: text('月度统计', 'monthly pack'), assessment: text('窗口考核', 'assessment') };

/** The option that names a frozen report's period again: `2025Q4` is a quarter, `2025-10` a month. */
function periodFlag(label: string): string {
  return /Q/.test(label) ? `--quarter ${label}` : `--month ${label}`;
}

/** An error's sentence in both languages; `withFlags` is false inside an import row, where no flag applies. */
type Words<K extends ErrorKind> = (error: ErrorOfKind<K>, withFlags: boolean) => LocalText;

const MESSAGES: { [K in ErrorKind]: Words<K> } = {
  invalid_value: (error, withFlags) => {
    const hint = withFlags ? FLAG_HINTS[error.problem.rule] : undefined;
    const reason = problemText(error.problem);
    const name = (lang: Lang) => (withFlags ? fieldName(error.field, lang) : error.field);
    return text(
      `${name('zh')} "${error.value}" 无效：${reason.zh}${hint ? `；${hint.zh}` : ''}`,
      `${name('en')} "${error.value}" is invalid: ${reason.en}${hint ? ` (${hint.en})` : ''}`,
    );
  },
  row_rejected: (error) => text(`${error.file}：${renderRow(error, 'zh')}`, `${error.file}: ${renderRow(error, 'en')}`),
  import_rejected: (error) => {
    const skip = error.canSkipInvalid ? text('（可用 --skip-invalid 只导入有效行）', ' (--skip-invalid imports the valid rows only)') : text('', '');
    return text(
      `${error.file}：${error.rejected} 行无效，未写入任何数据${skip.zh}`,
      `${error.file}: ${error.rejected} invalid row(s); nothing was written${skip.en}`,
    );
  },
  case_not_found: (error) => text(`未知办件编号 ${error.number}；hall case list 可查找办件`, `unknown case number ${error.number}; hall case list finds cases`),
  unknown_item: (error) =>
    text(`未知事项编码 ${error.code}；hall items list --search 可查找事项`, `unknown item code ${error.code}; hall items list --search finds items`),
  unknown_bundle: (error) =>
    text(`未知一件事编码 ${error.code}；hall bundles list 列出全部一件事`, `unknown bundle code ${error.code}; hall bundles list shows them all`),
  bad_without: (error) => {
    const optional = error.optional.length > 0 ? error.optional.join('、') : null;
    const zhLeft = optional ? `可不选的事项：${optional}` : '该一件事没有可不选的事项';
    const enLeft = optional ? `optional members: ${error.optional.join(', ')}` : 'the bundle has no optional member';
    return error.reason === 'required'
      ? text(
          `--without ${error.item}：该事项是一件事 ${error.bundle} 的必选事项，不能不选；${zhLeft}`,
          `--without ${error.item}: a required member of bundle ${error.bundle} cannot be left out (${enLeft})`,
        )
      : text(
          `--without ${error.item}：该事项不是一件事 ${error.bundle} 的成员；${zhLeft}`,
          `--without ${error.item}: not a member of bundle ${error.bundle} (${enLeft})`,
        );
  },
  bundle_cancelled: (error) =>
    text(
      `一件事 ${error.code}（${error.bundleName}）已取消，不能受理；可逐项用 --item 受理，或重新导入该一件事`,
      `bundle ${error.code} (${error.bundleName}) is cancelled and takes no new cases; register its items one by one with --item, or import the bundle again`,
    ),
  combined_command: (error) =>
    text(
      `${error.number} 是一件事联办编号，不能直接 ${error.command}；请对各件办理：${error.parts.join('、')}（一件事只能 show、withdraw、deliver）`,
      `${error.number} is a combined case; ${error.command} its parts instead: ${error.parts.join(', ')} (a combined case takes only show, withdraw and deliver)`,
    ),
  combined_nothing_to_do: (error) =>
    error.command === 'withdraw'
      ? text(`一件事 ${error.number} 没有未办结的件，无可撤回`, `combined case ${error.number} has no unfinished part to withdraw`)
      : text(`一件事 ${error.number} 没有已办结且未送达的件，无可送达`, `combined case ${error.number} has no concluded, undelivered part to deliver`),
  part_of_combined: (error) =>
    text(
      `办件 ${error.number} 是一件事 ${error.combined} 的一件，不能单独作废；登记有误请整件作废：hall case void ${error.combined} --reason …`,
      `case ${error.number} is a part of combined case ${error.combined} and is not voided alone; void the whole: hall case void ${error.combined} --reason …`,
    ),
  unknown_window: (error) => text(`未知窗口 ${error.code}；hall window list 列出全部窗口`, `unknown window ${error.code}; hall window list shows them all`),
  unknown_department: (error) =>
    text(
      `未知部门"${error.department}"；hall dept list 列出全部部门，新部门请先用 hall dept add 添加`,
      `unknown department "${error.department}"; hall dept list shows them all, hall dept add adds a new one`,
    ),
  ambiguous_name: (error) => {
    const matches = text(error.matches.join('、'), error.matches.join(', '));
    return error.entity === 'window'
      ? text(
          `有 ${error.matches.length} 个窗口名为"${error.value}"：${matches.zh}；请用窗口编码`,
          `${error.matches.length} windows are named "${error.value}": ${matches.en}; give the window code`,
        )
      : text(
          `"${error.value}"可指 ${error.matches.length} 个部门：${matches.zh}；请写出更多名称`,
          `"${error.value}" begins ${error.matches.length} departments: ${matches.en}; give more of the name`,
        );
  },
  complaint_not_found: (error) =>
    text(`未知投诉编号 ${error.id}；hall complaint list 列出投诉`, `unknown complaint ${error.id}; hall complaint list shows them`),
  already_exists: (error) =>
    error.entity === 'department'
      ? text(`部门"${error.key}"已存在`, `department "${error.key}" already exists`)
      : text(`窗口 ${error.key} 已存在`, `window ${error.key} already exists`),
  window_name_taken: (error) =>
    text(
      `窗口 ${error.window} 已名为"${error.windowName}"；窗口名称不能重复，请换一个名称，或先用 hall window rename ${error.window} 改名`,
      `window ${error.window} is already named "${error.windowName}"; window names are unique: choose another, or rename ${error.window} first (hall window rename)`,
    ),
  window_code_retired: (error) =>
    text(
      `窗口编码 ${error.code} 已随合并并入窗口 ${error.window}，仍指向该窗口，不能用于新窗口；请换一个编码`,
      `window code ${error.code} was merged into window ${error.window} and still names it; choose another code for a new window`,
    ),
  merge_into_itself: (error) =>
    text(
      `"${error.from}"与"${error.into}"是同一个窗口（${error.window}），不能并入自身`,
      `"${error.from}" and "${error.into}" are the same window (${error.window}); a window cannot be merged into itself`,
    ),
  illegal_transition: (error) => {
    const state = error.delivered && error.state === 'concluded' ? text('已办结并送达', 'concluded and delivered') : STATE_WORDS[error.state];
    const command = error.command === 'rate' ? text('评价', 'rate') : COMMAND_WORDS[error.command];
    // A void is allowed by its own rule, not by the state's next steps: say which cases it is for.
    const allowed =
      error.command === 'void' && error.state !== 'voided'
        ? text(
            '只有办理中、已暂停或已办结的办件可以作废（不予受理、撤回各按其本身统计）',
            'only an open, paused or concluded case can be voided (a refusal or a withdrawal counts as what it is)',
          )
        : error.state === 'voided'
          ? text('作废的办件不再变更，也不计入任何统计', 'a voided case does not change and counts in no figure')
          : allowedCommands(error.allowed);
    return text(
      `办件 ${error.number} 当前状态为"${state.zh}"，不能${command.zh}（${error.command}）；${allowed.zh}`,
      `case ${error.number} is ${state.en}; ${error.command} is not allowed (${allowed.en})`,
    );
  },
  illegal_advance: (error) => {
    const zhAllowed = error.allowed.length > 0 ? `可推进到：${stageList(error.allowed, 'zh')}` : '请用 conclude 办结';
    const enAllowed = error.allowed.length > 0 ? `allowed: ${stageList(error.allowed, 'en')}` : 'conclude it instead';
    return text(
      `办件 ${error.number} 当前环节为"${STAGE_NAMES[error.stage]}"，${error.requested ? `不能推进到"${STAGE_NAMES[error.requested]}"` : '没有下一个环节'}；${zhAllowed}`,
      `case ${error.number} is at stage ${error.stage}; ${error.requested ? `cannot advance to ${error.requested}` : 'there is no next stage'} (${enAllowed})`,
    );
  },
  void_needs_force: (error, withFlags) => {
    const later = error.later.map((kind) => EVENT_KIND_WORDS[kind]);
    const why =
      error.reason === 'later_events'
        ? text(`受理后已有：${later.map((word) => word.zh).join('、')}`, `it has events since registration: ${later.map((word) => word.en).join(', ')}`)
        : text(`受理于 ${error.registered}，今天是 ${error.today}`, `it was registered on ${error.registered}, today is ${error.today}`);
    const force = withFlags
      ? text('；确属登记错误，可加 --force 强制作废（doctor 会列出）', '; if it really was registered by mistake, add --force (doctor lists forced voids)')
      : text('', '');
    return text(
      `办件 ${error.number}（${STATE_WORDS[error.state].zh}）不能直接作废：只有受理当天、尚无后续操作的办件可以作废，${why.zh}${force.zh}`,
      `case ${error.number} (${STATE_WORDS[error.state].en}) cannot simply be voided: only on the day of registration, before any later step; ${why.en}${force.en}`,
    );
  },
  event_before_last: (error) =>
    text(
      `办件 ${error.number} 的上一事件时间为 ${localMinute(error.last)}，新事件（${localMinute(error.at)}）不能早于它`,
      `case ${error.number}: the new event (${localMinute(error.at)}) cannot precede its last event (${localMinute(error.last)})`,
    ),
  item_not_active: (error) => {
    const status = error.status === 'suspended' ? text('已暂停', 'suspended') : text('已取消', 'cancelled');
    return text(
      `事项 ${error.code}（${error.itemName}）${status.zh}，不能受理；只有在用事项可以登记`,
      `item ${error.code} (${error.itemName}) is ${status.en}; only active items can be registered`,
    );
  },
  item_not_in_hall: (error, withFlags) => {
    const hint = withFlags
      ? text('请用 --window 指定受理窗口', 'give the accepting window with --window')
      : text('请填写受理窗口', 'fill in the accepting window');
    return text(
      `事项 ${error.code}（${error.itemName}）未进驻大厅，没有默认窗口；${hint.zh}`,
      `item ${error.code} (${error.itemName}) is not entered in the hall; ${hint.en}`,
    );
  },
  not_immediate: (error) =>
    text(
      `--conclude 只用于即办件；事项 ${error.code} 承诺 ${error.promisedDays} 日，请受理后用 hall case conclude 办结`,
      `--conclude is for 即办件 only; item ${error.code} promises ${error.promisedDays} days — conclude it later with hall case conclude`,
    ),
  cannot_unset_day: (error) => {
    if (error.stored === null) {
      return text(`${error.date} 没有用 hall calendar set 设定过，无可撤销`, `nothing was set on ${error.date} with hall calendar set; nothing to unset`);
    }
    const kind = DAY_KIND_WORDS[error.stored.kind];
    return text(
      `${error.date} 的${kind.zh}安排来自"${error.stored.source}"，是公布的节假日安排，不能撤销；如需更正请用 hall calendar set`,
      `${error.date} is a ${kind.en} of a published schedule ("${error.stored.source}") and cannot be unset; correct it with hall calendar set`,
    );
  },
  already_rated: (error) =>
    text(
      `办件 ${error.number} 已有评价（${error.level} ${LEVEL_WORDS[error.level]}，${error.date}）；改评请加 --replace`,
      `case ${error.number} was already rated ${error.level} on ${error.date}; use --replace to change it`,
    ),
  complaint_closed: (error) =>
    text(
      `投诉 ${error.id} 已经办结（${error.substantiated ? '查实' : '未查实'}），不能再次办结`,
      `complaint ${error.id} is already closed (${error.substantiated ? 'substantiated' : 'not substantiated'})`,
    ),
  review_not_found: (error) => text(`未知整改单编号 ${error.id}；hall review list 列出整改单`, `unknown review ${error.id}; hall review list shows them`),
  illegal_review_step: (error) => {
    const state = REVIEW_STATE_WORDS[error.state];
    const again = OWN_STEP[error.state] === error.step;
    const allowed = allowedReviewSteps(error.allowed);
    return text(
      `整改单 ${error.id} ${state.zh}（${error.since}），不能${again ? '再' : ''}${REVIEW_STEP_WORDS[error.step].zh}；${allowed.zh}`,
      `review ${error.id} is ${state.en} (${error.since}); it cannot be ${REVIEW_STEP_WORDS[error.step].en}${again ? ' again' : ''}; ${allowed.en}`,
    );
  },
  review_step_before: (error) => {
    const previous = error.previous === 'opened' ? text('开立', 'opened') : text('整改', 'rectified');
    const step = error.step === 'revise' ? text('改评', 'the raised rating') : text(REVIEW_STEP_WORDS[error.step].zh, `the ${error.step}`);
    return text(
      `整改单 ${error.id} 于 ${error.previousDate} ${previous.zh}，${step.zh}日期 ${error.date} 不能早于它`,
      `review ${error.id} was ${previous.en} on ${error.previousDate}; ${step.en} dated ${error.date} cannot precede that`,
    );
  },
  output_unwritable: (error) => {
    const why: Record<OutputUnwritable['reason'], LocalText> = {
      directory: text(`${error.path} 是一个目录；请给出文件名`, `${error.path} is a directory; name a file`),
      missing_directory: text(`无法写入 ${error.path}：所在目录不存在`, `cannot write ${error.path}: its directory does not exist`),
      not_writable: text(`无法写入 ${error.path}：没有写权限`, `cannot write ${error.path}: permission denied`),
    };
    return text(`${why[error.reason].zh}；未作任何改动`, `${why[error.reason].en}; nothing was changed`);
  },
  export_format: (error) =>
    text(
      `导出办件的格式只能是 ${error.allowed.join('、')}，不能是 ${error.value}；未写入任何文件`,
      `the case export is written as ${error.allowed.join(', ')}, not ${error.value}; nothing was written`,
    ),
  export_directory: (error) => {
    const why: Record<typeof error.reason, LocalText> = {
      file: text(`${error.path} 是一个文件；--out 要给出导出目录`, `${error.path} is a file; --out names the export's directory`),
      not_writable: text(`无法写入目录 ${error.path}：没有写权限或只读`, `cannot write in ${error.path}: permission denied or read-only`),
      missing_parent: text(`无法建立目录 ${error.path}：其上级目录不存在`, `cannot make ${error.path}: its parent directory does not exist`),
    };
    return text(`${why[error.reason].zh}；未写入任何文件`, `${why[error.reason].en}; nothing was written`);
  },
  export_needs_center_code: (_error, withFlags) =>
    text(
      `导出办件需要中心代码（行政区划代码），目录按 center=代码/ 分区；${withFlags ? '请先运行 hall init --center-code 代码' : '请先设定中心代码'}；未写入任何文件`,
      `the case export needs the center code (its 行政区划代码): the files are partitioned by center=CODE/; ${withFlags ? 'set it first with hall init --center-code CODE' : 'set the center code first'}; nothing was written`,
    ),
  export_other_center: (error) =>
    text(
      `${error.path} 里已有其他中心的导出（${error.found.map((code) => `center=${code}/`).join('、')}），本中心代码为 ${error.code}，不能混放；请换一个目录；未写入任何文件`,
      `${error.path} holds another center's export (${error.found.map((code) => `center=${code}/`).join(', ')}) and this center is ${error.code}: the two are not mixed; choose another directory; nothing was written`,
    ),
  database_missing: (error) =>
    error.empty
      ? text(
          `${error.path} 是空文件（0 字节），不是 hall 数据库，未作任何改动；在此新建请运行 hall init`,
          `${error.path} is an empty file (0 bytes), not a hall database; nothing was changed; hall init creates one there`,
        )
      : text(`数据库 ${error.path} 不存在；新建请运行 hall init`, `database ${error.path} does not exist; create it with hall init`),
  database_not_empty: (error) => {
    const held = [
      error.cases > 0 ? text(`办件 ${error.cases} 件`, `${error.cases} cases`) : null,
      error.items > 0 ? text(`事项 ${error.items} 项`, `${error.items} items`) : null,
      error.windows > 0 ? text(`窗口 ${error.windows} 个`, `${error.windows} windows`) : null,
    ].filter((part): part is LocalText => part !== null);
    return text(
      `数据库 ${error.path} 已有数据（${held.map((part) => part.zh).join('、')}），示范中心只建在新建的空库里，未写入任何数据；例如 hall --db demo.db init 后运行 hall --db demo.db demo`,
      `database ${error.path} already holds data (${held.map((part) => part.en).join(', ')}); the demo center is built only in a new, empty database, and nothing was written; e.g. hall --db demo.db init, then hall --db demo.db demo`,
    );
  },
  cancelled: (error) =>
    error.prompt === 'registration'
      ? text('已取消，未登记', 'cancelled; nothing was registered')
      : text('已取消，未生成报表，未作任何改动', 'cancelled; no report was made and nothing was changed'),
  output_exists: (error) =>
    error.overwrite === 'with_force'
      ? text(`${error.path} 已存在；覆盖请加 --force`, `${error.path} already exists; add --force to overwrite it`)
      : text(`${error.path} 已存在；备份不会覆盖已有文件`, `${error.path} already exists; a backup never overwrites a file`),
  already_frozen: (error) => {
    const report = FROZEN_REPORT_WORDS[error.report];
    const again = `hall report ${error.report} ${periodFlag(error.label)} --refreeze`;
    return text(
      `${error.label} 的${report.zh}已于 ${localMinute(error.frozenAt)} 由 ${error.operator} 封存，未作任何改动；要用现在的数据替换它请用 ${again}`,
      `the ${report.en} of ${error.label} was frozen at ${localMinute(error.frozenAt)} by ${error.operator}; nothing was changed; to replace it with today's figures use ${again}`,
    );
  },
  not_frozen: (error) => {
    const report = FROZEN_REPORT_WORDS[error.report];
    return text(
      `${error.label} 的${report.zh}没有封存；hall report frozen 列出已封存的报表，--freeze 封存`,
      `the ${report.en} of ${error.label} is not frozen; hall report frozen lists the frozen reports, --freeze freezes one`,
    );
  },
  cannot_freeze: (error) => {
    const report = FROZEN_REPORT_WORDS[error.report];
    const whole =
      error.report === 'assessment'
        ? text('整月（--month）或整季（--quarter）', 'a whole month (--month) or quarter (--quarter)')
        : text('整月（--month）', 'a whole month (--month)');
    return error.reason === 'not_ended'
      ? text(
          `${error.label} 还没有结束（最后一天 ${error.lastDay}，今天 ${error.today}），其${report.zh}不能封存：只能封存已经过去的${whole.zh}`,
          `${error.label} has not ended (its last day is ${error.lastDay}, today is ${error.today}): only ${whole.en} already past can be frozen`,
        )
      : text(`${error.label} 不是${whole.zh}，其${report.zh}不能封存`, `${error.label} is not ${whole.en}: the ${report.en} cannot be frozen`);
  },
  center_code_needs_force: (error, withFlags) => {
    const held = [
      error.frozen > 0 ? text(`${error.frozen} 份冻结的报表`, `${error.frozen} frozen report${error.frozen === 1 ? '' : 's'}`) : null,
      error.exports > 0 ? text(`${error.exports} 个办件导出目录`, `${error.exports} case export director${error.exports === 1 ? 'y' : 'ies'}`) : null,
    ].filter((entry): entry is LocalText => entry !== null);
    const force = withFlags ? text('；确需更改请加 --force', '; add --force to change it all the same') : text('', '');
    return text(
      `中心代码已是 ${error.stored}，不能直接改为 ${error.given}：${held.map((entry) => entry.zh).join('、')}带有原代码（已上报的报表和导出目录 center=${error.stored}/ 不会随之更改）${force.zh}`,
      `the center code is ${error.stored} and cannot simply become ${error.given}: ${held.map((entry) => entry.en).join(' and ')} carry the old code (reports already sent and the export's center=${error.stored}/ folders do not change with it)${force.en}`,
    );
  },
  rubric_rejected: (error) => {
    const where = error.key === null ? error.source : `${error.source} 的 "${error.key}"`;
    const whereEn = error.key === null ? error.source : `"${error.key}" in ${error.source}`;
    const why: Record<RubricRejected['reason'], LocalText> = {
      json: text(`不是有效的 JSON${jsonErrorPlace(error.detail)}`, `is not valid JSON: ${error.detail}`),
      not_object: text('应为 JSON 对象，如 {"on_time": 40}', 'must be a JSON object such as {"on_time": 40}'),
      unknown_key: text(`不是考核细则的项目；可用：${error.detail}`, `is not a rubric key; use ${error.detail}`),
      not_number: text(`应为数字，实为 ${error.detail}`, `must be a number, not ${error.detail}`),
      negative: text(`不能为负数（${error.detail}）`, `must not be negative (${error.detail})`),
      not_whole: text(`应为整数（${error.detail}）`, `must be a whole number (${error.detail})`),
      too_large: text(`不能大于 ${error.max}（实为 ${error.detail}）`, `must be at most ${error.max} (not ${error.detail})`),
      no_points: text('各项分值全为 0，无法评分', 'gives no points to any component'),
    };
    return text(`考核细则 ${where} ${why[error.reason].zh}`, `rubric ${whereEn} ${why[error.reason].en}`);
  },
  complaint_days_rejected: (error) => {
    const where = error.key === null ? error.source : `${error.source} 的 "${error.key}"`;
    const whereEn = error.key === null ? error.source : `"${error.key}" in ${error.source}`;
    const range = text(`应为 1–${MAX_COMPLAINT_DAYS} 的整数（工作日）`, `must be a whole number of working days from 1 to ${MAX_COMPLAINT_DAYS}`);
    // A file that cannot be read is a read, not a write: EACCES is told as no permission to read.
    const denied = error.detail === 'EACCES' || error.detail === 'EPERM';
    const unreadable = denied ? text(`没有读权限（${error.detail}）`, `permission denied (${error.detail})`) : systemCodeText(error.detail);
    const why: Record<ComplaintDaysRejected['reason'], LocalText> = {
      unreadable: text(`无法读取：${unreadable.zh}`, `cannot be read: ${unreadable.en}`),
      json: text(`不是有效的 JSON${jsonErrorPlace(error.detail)}`, `is not valid JSON: ${error.detail}`),
      not_object: text(
        `应为 JSON 对象，如 {"咨询": 2, "投诉": 15}，实为 ${error.detail}`,
        `must be a JSON object such as {"consult": 2, "complaint": 15}, not ${error.detail}`,
      ),
      unknown_category: text(
        '不是工单类别；可用：咨询、求助、建议、投诉、举报（或 consult、help、suggest、complaint、report）',
        'is not a category; use consult, help, suggest, complaint or report (or 咨询, 求助, 建议, 投诉, 举报)',
      ),
      twice: text(`与 "${error.detail}" 是同一类别，只能给一次`, `is the same category as "${error.detail}"; give each category once`),
      not_number: text(`${range.zh}，实为 ${error.detail}`, `${range.en}, not ${error.detail}`),
      too_small: text(`${range.zh}，实为 ${error.detail}`, `${range.en}, not ${error.detail}`),
      not_whole: text(`${range.zh}，实为 ${error.detail}`, `${range.en}, not ${error.detail}`),
      too_large: text(`${range.zh}，实为 ${error.detail}`, `${range.en}, not ${error.detail}`),
    };
    return text(`工单办理时限文件 ${where} ${why[error.reason].zh}；未作任何改动`, `complaint days ${whereEn} ${why[error.reason].en}; nothing was changed`);
  },
  pack_rejected: (error) => {
    const file = error.file ?? '';
    const monthly = text('hall report monthly --format json 写出的月度统计', 'a monthly pack written by hall report monthly --format json');
    const why: Record<PackRejected['reason'], LocalText> = {
      no_files: text(`没有给出月度统计文件：请给出各中心的 .json 文件或其所在目录`, 'no pack given: name the centers’ .json files or their directory'),
      empty_directory: text(`目录 ${file} 中没有 .json 文件`, `directory ${file} holds no .json file`),
      unreadable: text(`无法读取 ${file}：${systemCodeText(error.detail).zh}`, `cannot read ${file}: ${systemCodeText(error.detail).en}`),
      json: text(`${file} 不是有效的 JSON${jsonErrorPlace(error.detail)}`, `${file} is not valid JSON: ${error.detail}`),
      not_monthly: text(
        `${file} 不是${monthly.zh}${error.detail === '' ? '' : `（${error.detail}）`}`,
        `${file} is not ${monthly.en}${error.detail === '' ? '' : ` (${error.detail})`}`,
      ),
      assessment: text(`${file} 是窗口考核，不是月度统计；汇总只用各中心的月度统计`, `${file} is an assessment; the network sums monthly packs only`),
      digest: text(
        `${file} 的内容与其 digest 不符：文件在生成后被改动过；请让该中心重新导出`,
        `${file} does not match its digest: it was edited after hall wrote it; ask the center to send it again`,
      ),
      schema: text(
        `${file} 的格式版本（schema ${error.detail}）与本 hall 读取的版本 ${error.expected} 不同；请让该中心用同一版本的 hall 重新导出`,
        `${file} is of schema ${error.detail}, this hall reads schema ${error.expected}; ask the center to write it with the same hall`,
      ),
      no_center_code: text(
        `${file} 没有中心代码（行政区划代码）；该中心须先运行 hall init --center-code 代码，再导出月度统计`,
        `${file} has no center code; the center runs hall init --center-code CODE, then writes its pack again`,
      ),
      period: text(
        `${file} 的统计时段 ${error.detail} 与 ${error.other ?? ''} 的 ${error.expected} 不同；一次只能汇总同一时段`,
        `${file} covers ${error.detail}, ${error.other ?? ''} covers ${error.expected}; packs of one period only`,
      ),
      same_center: text(
        `${file} 与 ${error.other ?? ''} 是同一中心（${error.detail}）的月度统计；每个中心只能给一份`,
        `${file} and ${error.other ?? ''} are both center ${error.detail}; give each center once`,
      ),
    };
    return text(`${why[error.reason].zh}；未生成汇总`, `${why[error.reason].en}; no network report was made`);
  },
  file_not_found: (error) => text(`找不到文件 ${error.path}`, `file not found: ${error.path}`),
  empty_import: (error) =>
    error.reason === 'empty'
      ? text(`${error.file} 是空文件：没有表头，也没有数据行`, `${error.file} is empty: no header and no rows`)
      : text(`${error.file} 只有表头，没有数据行`, `${error.file} has a header but no data rows`),
  missing_columns: (error) => {
    const names = error.columns.map((aliases) => aliases.join(' / '));
    return text(
      `${error.file} 表头（文件第 ${error.line} 行）缺少必需列：${names.join('；')}；未读取任何数据行`,
      `${error.file}: the header (line ${error.line}) lacks required column(s): ${names.join('; ')}; no row was read`,
    );
  },
  ...WORKBOOK_ERRORS,
  undecodable: (error) => {
    const zh = error.attempts.map((bad) => `按 ${bad.encoding} 在字节偏移 ${bad.offset}（第 ${bad.line} 行）处无效`).join('，');
    const en = error.attempts.map((bad) => `as ${bad.encoding}: invalid byte at offset ${bad.offset} (line ${bad.line})`).join('; ');
    return text(
      `${error.file} 无法解码：${zh}；请另存为 UTF-8 或 GB18030 后重试`,
      `${error.file} cannot be decoded (${en}); save it as UTF-8 or GB18030 and retry`,
    );
  },
  malformed_csv: (error) =>
    text(
      `${error.file} 不是有效的 CSV（第 ${error.line} 行附近）：${error.detail}`,
      `${error.file} is not valid CSV (near line ${error.line}): ${error.detail}`,
    ),
  stale_caches: (error) => {
    const fix = error.scope === 'all' ? 'hall doctor --all-cases --fix' : 'hall doctor --fix';
    return text(
      `${error.cases} 件办件的缓存列与其事件记录不一致（见上文），未作任何改动；${fix} 按事件重新计算`,
      `${error.cases} case(s) have cached columns that disagree with their events (listed above); nothing was changed; ${fix} recomputes them from the events`,
    );
  },
  damaged_data: (error) => {
    const first = error.damage[0]!;
    const named = damageText(first);
    const fix = damageFix(first);
    if (error.count === 1)
      return text(`数据库中${named.zh}，无法使用，未作任何改动；${fix.zh}`, `in the database, ${named.en}; nothing was changed; ${fix.en}`);
    return text(
      `数据库中有 ${error.count} 处存储的值无法使用（见上文），未作任何改动；第一处：${named.zh}；${fix.zh}`,
      `${error.count} values stored in the database cannot be used (listed above); nothing was changed; the first: ${named.en}; ${fix.en}`,
    );
  },
  usage: (error) => usageText(error),
  period_unclear: (error) => usageText(periodUsage(error)),
  storage: (error) => storageText(error),
};

/** The sentence for an error in both languages (an import row names no flag: `withFlags` false). */
export function errorText(error: HallError, withFlags: boolean): LocalText {
  return (MESSAGES[error.kind] as Words<ErrorKind>)(error as ErrorOfKind<ErrorKind>, withFlags);
}

/** Lines printed under an error's sentence: an import refused for its rows lists the first of them. */
const DETAILS: { [K in ErrorKind]?: (error: ErrorOfKind<K>, lang: Lang) => string[] } = {
  import_rejected: (error, lang) => error.rows.map((row) => renderRow(row, lang)),
};

/** The sentence for an error in the run's language, and the lines to print under it. */
export function renderError(error: HallError, lang: Lang, withFlags = true): RenderedError {
  const details = DETAILS[error.kind] as ((error: HallError, lang: Lang) => string[]) | undefined;
  return { message: errorText(error, withFlags)[lang], details: details?.(error, lang) ?? [] };
}

/** The label after `hall:` on stderr: a refused command, or a command line that is not one (exit 2). */
export const ERROR_LABELS = {
  error: text('错误', 'error'),
  usage: text('用法错误', 'usage error'),
};

/** A usage error's sentence: `names` are the options (or variables) as the command line spells them. */
function usageText(error: UsageError): LocalText {
  const names = text(error.names.join('、'), error.names.join(', '));
  switch (error.reason) {
    case 'missing_options':
      return text(`缺少 ${names.zh}（不在终端上运行时不会提示输入）`, `missing ${names.en} (no prompts when not on a terminal)`);
    case 'conflicting_options':
      return text(`${names.zh} 只能选一个`, `${names.en} exclude each other`);
    case 'bad_option':
      return text(`${names.zh} 的值"${error.value}"无效`, `${names.en}: invalid value "${error.value}"`);
    case 'needs_out':
      return text(
        `${names.zh} 是文件格式，不能输出到终端；请用 --out 指定文件或目录`,
        `${names.en} is a file format and cannot go to a terminal; name a file or directory with --out`,
      );
    case 'csv_needs_section':
      return text(
        'CSV 一次只写一张统计表：加 --section 指定哪一张，或用 --out 目录/ 每张表写一个文件',
        'a CSV holds one table: name it with --section, or give --out a directory for one file per table',
      );
    case 'format_unsupported':
      return text(`此命令不支持 ${names.zh}；可用 table、csv、json`, `this command does not support ${names.en}; use table, csv or json`);
    case 'option_not_for_file':
      return error.names[0] === '--sheet'
        ? text(`--sheet 只用于 Excel 工作簿（.xlsx），${error.value} 不是`, `--sheet is for Excel workbooks (.xlsx) only, and ${error.value} is not one`)
        : text(
            `${names.zh} 只用于 CSV 文件；${error.value} 是 Excel 工作簿，不需要指定编码`,
            `${names.en} is for CSV files only; ${error.value} is an Excel workbook, which needs no encoding`,
          );
    case 'empty_option':
      return text(`${names.zh} 不能为空`, `${names.en} must not be empty`);
    case 'bad_environment':
      return text(
        `环境变量 ${names.zh}="${error.value}" 不是 1949–2199 年间的 ISO 时间（如 2025-10-09T09:30:00+08:00）`,
        `${names.en}="${error.value}" is not an ISO timestamp within 1949–2199 (e.g. 2025-10-09T09:30:00+08:00)`,
      );
  }
}

/** The options of `hall report` that name a period each way. */
const PERIOD_OPTIONS: Record<PeriodWay, string> = { month: '--month', quarter: '--quarter', range: '--from/--to' };

/** A period named in no way, in several, or as half a span: the usage error of the options that name it. */
export function periodUsage(error: PeriodUnclear): UsageError {
  const options = error.ways.map((way) => PERIOD_OPTIONS[way]);
  switch (error.problem) {
    case 'none':
      return new UsageError('missing_options', options);
    case 'several':
      return new UsageError('conflicting_options', options);
    case 'no_first_day':
      return new UsageError('missing_options', ['--from']);
    case 'no_last_day':
      return new UsageError('missing_options', ['--to']);
  }
}

function storageText(error: StorageFailure): LocalText {
  const { path, detail } = error;
  const words: Record<StorageFailure['problem'], LocalText> = {
    directory: text(`${path} 是一个目录，不是数据库文件`, `${path} is a directory, not a database file`),
    missing_directory: text(
      `数据库 ${path} 所在的目录不存在；请先建立目录或改用 --db`,
      `the directory of database ${path} does not exist; create it or use --db`,
    ),
    output_failed: text(`无法写入 ${path}：${systemCodeText(detail.code).zh}`, `cannot write ${path}: ${systemCodeText(detail.code).en}`),
    not_sqlite: text(`${path} 不是 SQLite 数据库（文件头不符），未作任何改动`, `${path} is not a SQLite database (bad file header); nothing was changed`),
    newer_schema: text(
      `数据库 ${path} 的结构版本为 ${detail.version}，比本程序支持的 ${detail.supported} 新；请升级 hall`,
      `database ${path} has schema version ${detail.version}, newer than this hall supports (${detail.supported}); upgrade hall`,
    ),
    locked: text(`数据库 ${path} 被其他进程锁定过久，请稍后重试`, `database ${path} stayed locked by another process too long; try again`),
    corrupt: text(`数据库 ${path} 已损坏或不是 SQLite 数据库（${detail.code}）`, `database ${path} is corrupt or not a SQLite database (${detail.code})`),
    unwritable: text(`无法写入数据库 ${path}：${systemCodeText(detail.code).zh}`, `cannot use database ${path}: ${systemCodeText(detail.code).en}`),
    upgrade_refused: text(
      `数据库 ${path} 无法升级到结构版本 ${detail.version}：以下数据不是 hall 写入的格式（${(detail.findings ?? []).join('；')}）；数据库未作任何改动，请用本版以前的 hall doctor 检查或从备份恢复`,
      `database ${path} cannot be upgraded to schema version ${detail.version}: these values are not in the form hall writes (${(detail.findings ?? []).join('; ')}); nothing was changed; check them with the previous hall's doctor or restore a backup`,
    ),
    catalog_changed: text(
      `导入期间另一进程修改了 ${path} 的目录，导入的办件所属的以下记录已不存在（${(detail.findings ?? []).join('；')}）；未导入任何办件，请重新导入`,
      `another process changed the catalog of ${path} during the import: these rows the imported cases refer to are gone (${(detail.findings ?? []).join('; ')}); nothing was imported; import again`,
    ),
    integrity: text(
      `数据库 ${path} 完整性检查失败：${(detail.findings ?? []).join('；')}；请用最近的备份恢复`,
      `database ${path} failed the integrity check: ${(detail.findings ?? []).join('; ')}; restore the latest backup`,
    ),
  };
  return words[error.problem];
}
