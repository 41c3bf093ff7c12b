/** The words for a stored value hall cannot read (src/core/damage.ts): where it is, what is wrong, how to put it right. */
import type { DamagedTable, DamageReason, StoredDamage } from '../../core/damage.js';
import { type LocalText, text } from '../../core/text.js';

export const TABLE_WORDS: Record<DamagedTable, LocalText> = {
  settings: text('中心设置', 'settings'),
  items: text('事项', 'items'),
  cases: text('办件', 'cases'),
  case_events: text('办件事件', 'case events'),
  frozen_reports: text('封存报表', 'frozen reports'),
};

export const DAMAGE_WORDS: Record<DamageReason, LocalText> = {
  not_json: text('不是有效的 JSON', 'is not valid JSON'),
  not_object: text('应为 JSON 对象', 'is not a JSON object'),
  stage_list: text('不是办理环节的列表', 'is not a list of stages'),
  time_zone: text('不是有效的时区', 'is not a known time zone'),
  clock_time: text('不是 HH:MM 形式的时间', 'is not a time of day HH:MM'),
  warning_days: text('不是 0–99 的整数', 'is not a whole number 0–99'),
  review_days: text('不是 1–60 的整数', 'is not a whole number 1–60'),
  rubric: text('不是可用的考核细则', 'is not a usable rubric'),
  complaint_days: text('不是可用的工单办理时限', 'is not a usable set of complaint days'),
  center_code: text('不是 6、9 或 12 位数字的行政区划代码', 'is not a 6-, 9- or 12-digit administrative division code'),
  center_level: text('不是与中心代码相符的层级（city、county、town 或 village）', 'is not a level (city, county, town or village) that fits the center code'),
  event_kind: text('不是已知的事件类型', 'is not a known kind of event'),
  date: text('不是 1949-10-01 至 2199-12-31 间的日期', 'is not a date within 1949-10-01 … 2199-12-31'),
  minutes: text('不是 0–1439 的分钟数', 'is not a minute of the day 0–1439'),
  limit_unit: text('不是时限单位（workday 或 calendar）', 'is not a limit unit (workday or calendar)'),
  limit_days: text('不是 0–999 的天数', 'is not a number of days 0–999'),
  reference: text('指向不存在的记录', 'refers to no row'),
  digest_mismatch: text('与存储的报表 JSON 不符（封存后被改动过）', 'does not match the stored report JSON (edited after it was frozen)'),
};

/** The `hall init` option that stores each setting again, by the setting's key. */
const SETTING_FIXES: Record<string, string> = {
  time_zone: 'hall init --timezone Asia/Shanghai',
  closing_time: 'hall init --closing-time 17:30',
  warning_days: 'hall init --warning-days 2',
  review_days: 'hall init --review-days 5',
  assessment_rubric: 'hall init --rubric 细则.json',
  complaint_days: 'hall init --complaint-days 工单时限.json',
  // The code is shown by doctor; storing it again also stores the level that fits it.
  center_code: 'hall init --center-code 行政区划代码',
  center_level: 'hall init --center-code 行政区划代码 --center-level 层级',
};

function shown(value: string | number | null): string {
  if (value === null) return 'null';
  const full = String(value);
  return full.length > 60 ? `${full.slice(0, 60)}…` : full;
}

/** One damaged value in a sentence: table, row, column, value and what is wrong. */
export function damageText(damage: StoredDamage): LocalText {
  const value = shown(damage.value);
  const reason = DAMAGE_WORDS[damage.reason];
  if (damage.table === 'settings') {
    return text(`中心设置 ${damage.row} 的值 "${value}" ${reason.zh}`, `setting ${damage.row}: the value "${value}" ${reason.en}`);
  }
  // A case's events are found by the case's number, as doctor's other findings are.
  const owner =
    damage.table === 'items'
      ? text(`事项 ${damage.row}`, `item ${damage.row}`)
      : damage.table === 'frozen_reports'
        ? text(`封存报表 ${damage.row}`, `frozen report ${damage.row}`)
        : text(`办件 ${damage.row}`, `case ${damage.row}`);
  const where = `${damage.table}.${damage.column}`;
  return text(`${owner.zh} 的 ${where} 值 "${value}" ${reason.zh}`, `${owner.en}: ${where} value "${value}" ${reason.en}`);
}

/** How to put the first damaged value right: store the setting again, or restore the latest backup. */
export function damageFix(damage: StoredDamage): LocalText {
  const fix = damage.table === 'settings' ? SETTING_FIXES[damage.row] : undefined;
  if (damage.table === 'frozen_reports') {
    // What was sent cannot be recomputed: a backup brings it back; --refreeze stores today's figures instead.
    const [kind, label] = damage.row.split(' ');
    const period = label?.includes('Q') ? `--quarter ${label}` : `--month ${label}`;
    return text(
      `请用最近的备份恢复；或用 hall report ${kind} ${period} --refreeze 按现在的数据重新封存`,
      `restore the latest backup, or freeze today's figures instead with hall report ${kind} ${period} --refreeze`,
    );
  }
  return fix
    ? text(`可用 ${fix} 重新设置`, `store it again with ${fix}`)
    : text('请用最近的备份恢复，或按上述位置更正', 'restore the latest backup, or correct it where named');
}
