/** What a command did that a person should know, though nothing was refused: warnings in the run's language. */

import type { Notice } from '../../core/notices.js';
import { type LocalText, text } from '../../core/text.js';
import type { Lang } from '../i18n.js';
import { systemCodeText } from './system-codes.js';

type NoticeKind = Notice['notice'];
const NOTICES: { [K in NoticeKind]: (notice: Extract<Notice, { notice: K }>) => LocalText } = {
  credit_code_check: ({ id }) =>
    text(
      `统一社会信用代码 ${id} 未通过 GB 32100 校验，已照常登记，请核对营业执照`,
      `credit code ${id} fails the GB 32100 check; registered anyway — check the licence`,
    ),
  unknown_columns: ({ columns, count }) => {
    const zh = columns.map((column) => `"${column}"`).join('、');
    const en = columns.map((column) => `"${column}"`).join(', ');
    if (count === 1) return text(`忽略未知列${zh}`, `ignored unknown column ${en}`);
    const more = count > columns.length;
    return text(
      `忽略 ${count} 个未知列：${zh}${more ? ` 等（只列出前 ${columns.length} 个）` : ''}`,
      `ignored ${count} unknown columns: ${en}${more ? ` and more (the first ${columns.length} shown)` : ''}`,
    );
  },
  window_of_other_department: ({ window, windowDepartment, item, itemDepartment }) =>
    text(
      `窗口 ${window} 属于${windowDepartment}，事项 ${item} 属于${itemDepartment}；已照常受理，如选错窗口请撤回后重新登记`,
      `window ${window} belongs to ${windowDepartment}, item ${item} to ${itemDepartment}; registered anyway — if the window is wrong, withdraw and register again`,
    ),
  duplicate_column: ({ column, used }) => text(`忽略重复列"${column}"（已使用"${used}"）`, `ignored column "${column}" (already read "${used}")`),
  cancelled_with_running_cases: ({ code, name, cases }) =>
    text(
      `同步取消的事项 ${code}（${name}）仍有 ${cases} 件在办办件（办理中或暂停）；这些办件照常办理，但该事项不能再受理新办件`,
      `item ${code} (${name}), cancelled by the sync, still has ${cases} running case(s) (open or paused); they go on, but no new case can be registered for it`,
    ),
  output_not_written: ({ path, code }) =>
    text(
      `已完成并保存，但输出未能写入 ${path}：${systemCodeText(code).zh}；可用 hall case show 等命令再次查看`,
      `done and saved, but the output could not be written to ${path}: ${systemCodeText(code).en}; show it again with hall case show and the like`,
    ),
  pack_skipped: ({ file }) => text(`跳过 ${file}：不是 .json 文件，未计入汇总`, `skipped ${file}: not a .json file, left out of the network report`),
  calendar_year_missing: ({ year }) =>
    text(
      `日历中没有 ${year} 年的节假日安排，该年只按周末计算；请用 hall calendar import 导入`,
      `the calendar has no holiday schedule for ${year}; that year counts weekends only — add it with hall calendar import`,
    ),
};

export function renderNotice(notice: Notice, lang: Lang): string {
  return (NOTICES[notice.notice] as (notice: Notice) => LocalText)(notice)[lang];
}
