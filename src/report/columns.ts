/** The columns several sections share, and the §6.1 figures of a group as the cells they read. */
import type { CombinedFigures, GroupFigures, ReviewFigures } from '../core/metrics.js';
import { text } from '../core/text.js';
import type { SectionColumn, SectionRow } from './section.js';

/** The §6.1 figures as flat cells, rates under rate_*. */
export function figureCells(figures: GroupFigures): SectionRow {
  return {
    carried_over: figures.carried_over,
    accepted: figures.accepted,
    refused: figures.refused,
    concluded: figures.concluded,
    approved: figures.approved,
    denied: figures.denied,
    withdrawn: figures.withdrawn,
    open_at_end: figures.open_at_end,
    same_day: figures.same_day,
    on_time: figures.on_time,
    on_site: figures.on_site,
    overdue: figures.overdue,
    fees_fen: figures.fees_fen,
    used_days: figures.used_days,
    saved_days: figures.saved_days,
    evaluations: figures.evaluations,
    good: figures.good,
    neutral: figures.neutral,
    bad: figures.bad,
    complaints: figures.complaints,
    substantiated: figures.substantiated,
    complaints_on_time: figures.complaints_on_time,
    complaints_overdue: figures.complaints_overdue,
    rate_on_time: figures.rates.on_time,
    rate_same_day: figures.rates.same_day,
    rate_on_site: figures.rates.on_site,
    rate_completion: figures.rates.completion,
    rate_good: figures.rates.good,
    rate_satisfied: figures.rates.satisfied,
    rate_bad: figures.rates.bad,
    rate_complaint: figures.rates.complaint,
    rate_complaint_on_time: figures.rates.complaint_on_time,
    daily_accepted: figures.daily_accepted,
  };
}

/** The columns of the statistics tables (窗口, 部门, 事项, 类型); on a narrow terminal the least read go first. */
export const FIGURE_COLUMNS: SectionColumn[] = [
  { key: 'carried_over', title: text('上期结转', 'carried'), kind: 'count', drop: 5 },
  { key: 'accepted', title: text('受理', 'accepted'), kind: 'count' },
  { key: 'refused', title: text('不予受理', 'refused'), kind: 'count', drop: 8 },
  { key: 'concluded', title: text('办结', 'concluded'), kind: 'count' },
  { key: 'approved', title: text('准予', 'approved'), kind: 'count', drop: 9 },
  { key: 'denied', title: text('不予办理', 'denied'), kind: 'count', drop: 9 },
  { key: 'withdrawn', title: text('撤回', 'withdrawn'), kind: 'count', drop: 7 },
  { key: 'open_at_end', title: text('期末在办', 'open'), kind: 'count', drop: 4 },
  { key: 'same_day', title: text('即办', 'same day'), kind: 'count', drop: 6 },
  { key: 'overdue', title: text('超期', 'overdue'), kind: 'count' },
  { key: 'rate_on_time', title: text('按时办结率', 'on time'), kind: 'rate' },
  { key: 'rate_on_site', title: text('现场办结率', 'on site'), kind: 'rate', drop: 2 },
  { key: 'rate_completion', title: text('办结率', 'completion'), kind: 'rate', drop: 3 },
  { key: 'daily_accepted', title: text('日均受理', 'per day'), kind: 'decimal', drop: 6 },
  { key: 'used_days', title: text('办理用时', 'days used'), kind: 'count', drop: 10 },
  { key: 'saved_days', title: text('节约时限', 'days saved'), kind: 'count', drop: 10 },
];

export const EVALUATION_COLUMNS: SectionColumn[] = [
  { key: 'evaluations', title: text('评价数', 'ratings'), kind: 'count' },
  { key: 'good', title: text('好评', 'good'), kind: 'count' },
  { key: 'neutral', title: text('中评', 'neutral'), kind: 'count', drop: 1 },
  { key: 'bad', title: text('差评', 'bad'), kind: 'count' },
  { key: 'rate_good', title: text('好评率', 'good rate'), kind: 'rate' },
  { key: 'rate_satisfied', title: text('满意率', 'satisfied'), kind: 'rate' },
  { key: 'rate_bad', title: text('不满意率', 'bad rate'), kind: 'rate' },
];

export const WINDOW_LABEL: SectionColumn[] = [
  { key: 'code', title: text('窗口', 'window'), kind: 'text', whole: true },
  { key: 'name', title: text('窗口名称', 'name'), kind: 'text' },
];

/** The §7.1 figures of combined cases as flat cells, rates under rate_*. */
export function combinedCells(figures: CombinedFigures): SectionRow {
  return {
    carried_over: figures.carried_over,
    accepted: figures.accepted,
    concluded: figures.concluded,
    withdrawn: figures.withdrawn,
    open_at_end: figures.open_at_end,
    on_time: figures.on_time,
    overdue: figures.overdue,
    used_days: figures.used_days,
    rate_on_time: figures.rates.on_time,
    rate_completion: figures.rates.completion,
    avg_used_days: figures.avg_used_days,
  };
}

/** The columns of 一件事办理统计表, dropped on a narrow terminal as the statistics tables drop theirs. */
export const COMBINED_COLUMNS: SectionColumn[] = [
  { key: 'carried_over', title: text('上期结转', 'carried'), kind: 'count', drop: 5 },
  { key: 'accepted', title: text('受理', 'accepted'), kind: 'count' },
  { key: 'concluded', title: text('办结', 'concluded'), kind: 'count' },
  { key: 'withdrawn', title: text('撤回', 'withdrawn'), kind: 'count', drop: 7 },
  { key: 'open_at_end', title: text('期末在办', 'open'), kind: 'count', drop: 4 },
  { key: 'on_time', title: text('按时办结', 'on time'), kind: 'count', drop: 6 },
  { key: 'overdue', title: text('超期', 'overdue'), kind: 'count' },
  { key: 'rate_on_time', title: text('按时办结率', 'on time'), kind: 'rate' },
  { key: 'rate_completion', title: text('办结率', 'completion'), kind: 'rate', drop: 3 },
  { key: 'avg_used_days', title: text('平均用时', 'mean days'), kind: 'decimal', drop: 2 },
  { key: 'used_days', title: text('办理用时', 'days used'), kind: 'count', drop: 10 },
];

/** The §7.3 complaint figures of a window or the totals, after its label (投诉统计表). */
export const COMPLAINT_COLUMNS: SectionColumn[] = [
  { key: 'accepted', title: text('受理', 'accepted'), kind: 'count', drop: 2 },
  { key: 'complaints', title: text('投诉', 'complaints'), kind: 'count' },
  { key: 'substantiated', title: text('查实', 'substantiated'), kind: 'count' },
  { key: 'rate_complaint', title: text('投诉率', 'complaint rate'), kind: 'rate', drop: 1 },
  { key: 'complaints_on_time', title: text('按期办结', 'on time'), kind: 'count' },
  { key: 'complaints_overdue', title: text('超期', 'overdue'), kind: 'count' },
  { key: 'rate_complaint_on_time', title: text('按期办结率', 'on-time rate'), kind: 'rate' },
];

/** The §7.2 figures of reviews as flat cells, rates under rate_*. */
export function reviewCells(figures: ReviewFigures): SectionRow {
  return {
    opened: figures.opened,
    invalid: figures.invalid,
    rectified: figures.rectified,
    rectified_on_time: figures.rectified_on_time,
    overdue: figures.overdue,
    visited: figures.visited,
    visit_satisfied: figures.visit_satisfied,
    rate_rectified: figures.rates.rectified,
    rate_on_time: figures.rates.on_time,
    rate_visited: figures.rates.visited,
    rate_visit_satisfied: figures.rates.visit_satisfied,
  };
}

/**
 * The columns of 差评整改统计表. On a narrow terminal the counts behind a rate go first
 * (the rate stays), then the 回访 detail; 差评, 整改, 超期 and the 整改率 stay.
 */
export const REVIEW_COLUMNS: SectionColumn[] = [
  { key: 'opened', title: text('差评', 'bad'), kind: 'count' },
  { key: 'invalid', title: text('申诉成立', 'invalid'), kind: 'count', drop: 3 },
  { key: 'rectified', title: text('已整改', 'put right'), kind: 'count' },
  { key: 'rectified_on_time', title: text('按期整改', 'in time'), kind: 'count', drop: 4 },
  { key: 'overdue', title: text('超期', 'overdue'), kind: 'count' },
  { key: 'visited', title: text('已回访', 'visited'), kind: 'count', drop: 5 },
  { key: 'visit_satisfied', title: text('回访满意', 'satisfied'), kind: 'count', drop: 6 },
  { key: 'rate_rectified', title: text('整改率', 'put right'), kind: 'rate' },
  { key: 'rate_on_time', title: text('按期整改率', 'in time'), kind: 'rate', drop: 1 },
  { key: 'rate_visited', title: text('回访率', 'visited'), kind: 'rate', drop: 2 },
  { key: 'rate_visit_satisfied', title: text('回访满意率', 'satisfied'), kind: 'rate', drop: 2 },
];
