/**
 * Frozen reports (SPEC §7.5) for `hall report monthly|assessment`: `--freeze` stores the
 * report as printed, `--refreeze` replaces it, `--frozen` prints it back; a plain re-run
 * of a frozen period carries `frozen` and warns of what changed. `hall report frozen`
 * lists them. The flags are checked before any figure is computed, and a refusal
 * changes nothing.
 */
import type { Command } from 'commander';
import { reportDigest } from '../../core/canonical.js';
import { DamagedData } from '../../core/damage.js';
import { UsageError } from '../../core/errors.js';
import { AlreadyFrozen, CannotFreeze, NotFrozen } from '../../core/frozen-errors.js';
import type { NamedPeriod } from '../../core/period.js';
import { type ReportChange, reportChanges } from '../../core/report-diff.js';
import { text } from '../../core/text.js';
import { writeTransaction } from '../../db/database.js';
import { type FrozenKind, type FrozenReport, findFrozenReport, frozenReportDamage, listFrozenReports, storeFrozenReport } from '../../store/frozen-reports.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import { localMinute } from '../messages/words.js';
import type { TableSpec, View } from '../render.js';

export interface FreezeOptions {
  freeze?: boolean;
  refreeze?: boolean;
  frozen?: boolean;
  rubric?: string;
}

/** What a report run does about freezing, decided before anything is computed. */
export type FreezeStep =
  /** `--frozen`: print this stored report, compute nothing. */
  | { to: 'print'; report: Record<string, unknown> }
  /** `--freeze` / `--refreeze`: store what is computed (replacing `replacing`, if any). */
  | { to: 'freeze'; kind: FrozenKind; period: NamedPeriod; replace: boolean }
  /** A plain run: compare with the frozen report, if there is one. */
  | { to: 'compare'; stored: FrozenReport | undefined; kind: FrozenKind; period: NamedPeriod };

const MAX_SHOWN_CHANGES = 20;

/** The stored report, refused in words if a hand edit left its JSON and digest disagreeing (doctor names it too). */
function trusted(stored: FrozenReport): Record<string, unknown> {
  const damage = frozenReportDamage(stored);
  if (damage !== null) throw new DamagedData([damage]);
  return JSON.parse(stored.json) as Record<string, unknown>;
}

/**
 * Checks the freeze flags against the period and the database: `--frozen` excludes the
 * others (and a rubric, which only a computation uses); only a whole month (or quarter,
 * for the assessment) whose last day is before today can be frozen; one frozen already
 * needs --refreeze.
 */
export function planFreeze(ctx: Context, kind: FrozenKind, period: NamedPeriod, options: FreezeOptions): FreezeStep {
  const db = ctx.db();
  if (options.frozen) {
    const others = [options.freeze ? '--freeze' : null, options.refreeze ? '--refreeze' : null, options.rubric !== undefined ? '--rubric' : null];
    const conflicting = others.filter((name): name is string => name !== null);
    if (conflicting.length > 0) throw new UsageError('conflicting_options', ['--frozen', ...conflicting]);
    const stored = findFrozenReport(db, kind, period);
    if (stored === undefined) throw new NotFrozen(kind, period.label);
    return { to: 'print', report: trusted(stored) };
  }
  if (!options.freeze && !options.refreeze) return { to: 'compare', stored: findFrozenReport(db, kind, period), kind, period };
  const whole = period.kind === 'month' || (kind === 'assessment' && period.kind === 'quarter');
  const today = ctx.today();
  if (!whole) throw new CannotFreeze(kind, period.label, 'not_whole', period.to, today);
  if (period.to >= today) throw new CannotFreeze(kind, period.label, 'not_ended', period.to, today);
  const stored = findFrozenReport(db, kind, period);
  if (stored !== undefined && !options.refreeze) throw new AlreadyFrozen(kind, period.label, stored.frozen_at, stored.operator);
  return { to: 'freeze', kind, period, replace: options.refreeze === true };
}

/**
 * After the report is computed: a freeze stores its JSON exactly as it is printed (what
 * was sent is what is kept) and returns it unchanged; a re-run of a frozen period gets
 * `frozen` with the figures that differ, and a digest recomputed over it.
 */
export function settleFreeze(
  ctx: Context,
  step: FreezeStep,
  report: Record<string, unknown>,
): { json: unknown; changes: ReportChange[]; stored?: FrozenReport } {
  if (step.to === 'print') return { json: step.report, changes: [] };
  if (step.to === 'freeze') {
    const db = ctx.db();
    const record: FrozenReport = {
      kind: step.kind,
      period_from: step.period.from,
      period_to: step.period.to,
      label: step.period.label,
      // As `--format json` prints it (src/cli/render.ts), so that --frozen prints these very bytes.
      json: JSON.stringify(report, null, 2),
      digest: reportDigest(report),
      frozen_at: ctx.timestamp(),
      operator: ctx.operator,
    };
    writeTransaction(db, () => {
      // Checked again inside the write lock: another clerk may have frozen it meanwhile.
      const stored = findFrozenReport(db, step.kind, step.period);
      if (stored !== undefined && !step.replace) throw new AlreadyFrozen(step.kind, step.period.label, stored.frozen_at, stored.operator);
      storeFrozenReport(db, record);
    });
    return { json: report, changes: [] };
  }
  if (step.stored === undefined) return { json: report, changes: [] };
  const changes = reportChanges(trusted(step.stored), report);
  const frozen = { at: step.stored.frozen_at, digest: step.stored.digest, differs: changes.length > 0, changes };
  const { digest: _old, ...rest } = report;
  const annotated: Record<string, unknown> = { ...rest, frozen };
  // SPEC §7.5: the re-run's digest covers everything else it prints, `frozen` included.
  if ('digest' in report) annotated.digest = reportDigest(annotated);
  return { json: annotated, changes, stored: step.stored };
}

/** A value in the warning: as JSON has it, a whole entry (a case back-filled) cut to one line. */
function shownValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return shown.length > 60 ? `${shown.slice(0, 59)}…` : shown;
}

/** Printed after the report (stderr): the figures that moved since the period was frozen, the first 20. */
export function warnChanges(ctx: Context, kind: FrozenKind, stored: FrozenReport, changes: readonly ReportChange[]): void {
  if (changes.length === 0) return;
  const lines = changes.slice(0, MAX_SHOWN_CHANGES).map((change) => `\n  ${change.path}: ${shownValue(change.frozen)} → ${shownValue(change.now)}`);
  const more = changes.length - MAX_SHOWN_CHANGES;
  const flag = stored.label.includes('Q') ? `--quarter ${stored.label}` : `--month ${stored.label}`;
  const name = kind === 'monthly' ? text('月度统计', 'monthly pack') : text('窗口考核', 'assessment');
  const at = localMinute(stored.frozen_at);
  ctx.warn(
    text(
      `${stored.label} 的${name.zh}已于 ${at} 封存，现在重算有 ${changes.length} 项数字不同（封存 → 现在）：${lines.join('')}${more > 0 ? `\n  另有 ${more} 项` : ''}\n  封存的报表：hall report ${kind} ${flag} --frozen；用现在的数据替换：--refreeze`,
      `the ${name.en} of ${stored.label} was frozen at ${at}; computed now, ${changes.length} figure(s) differ (frozen → now):${lines.join('')}${more > 0 ? `\n  and ${more} more` : ''}\n  the frozen report: hall report ${kind} ${flag} --frozen; to replace it with today's figures: --refreeze`,
    ),
  );
}

/** Adds --freeze, --refreeze and --frozen to `report monthly` or `report assessment`. */
export function freezeOptions(command: Command, app: App): Command {
  return command
    .option(
      '--freeze',
      app.t('封存本期报表（只能封存已经过去的整月或整季），以后重算会对照它', 'freeze the report of a past whole period; later runs compare with it'),
    )
    .option('--refreeze', app.t('用现在的数据替换已封存的报表', 'replace the frozen report with one computed now'))
    .option('--frozen', app.t('输出封存时的报表，原样不变', 'print the frozen report exactly as it was frozen'));
}

const KIND_WORDS = { monthly: text('月度统计', 'monthly'), assessment: text('窗口考核', 'assessment') } as const;

/** `hall report frozen`: every frozen report, its period, digest, and when and by whom it was frozen. */
export function list(ctx: Context): View {
  const reports = listFrozenReports(ctx.db());
  const json = reports.map((report) => ({
    kind: report.kind,
    label: report.label,
    period: { from: report.period_from, to: report.period_to },
    digest: report.digest,
    frozen_at: report.frozen_at,
    operator: report.operator,
  }));
  const rows = json.map((entry) => ({ ...entry, kind_words: ctx.t(KIND_WORDS[entry.kind]), at: localMinute(entry.frozen_at) }));
  const table: TableSpec = {
    columns: [
      { key: 'kind_words', title: text('报表', 'report') },
      { key: 'label', title: text('期间', 'period'), whole: true },
      // The digest is what a county compares: shortened only when the terminal is too narrow for it.
      { key: 'digest', title: text('摘要（SHA-256）', 'digest (SHA-256)') },
      { key: 'at', title: text('封存时间', 'frozen at') },
      { key: 'operator', title: text('操作人', 'operator') },
    ],
    rows,
  };
  const csv: TableSpec = {
    columns: ['kind', 'label', 'from', 'to', 'digest', 'frozen_at', 'operator'].map((key) => ({ key, title: text(key, key) })),
    rows: json.map((entry) => ({ ...entry, from: entry.period.from, to: entry.period.to })),
  };
  return {
    json,
    lines: [
      reports.length === 0
        ? text('尚无封存的报表；--freeze 封存一期报表', 'no report is frozen; --freeze freezes one')
        : text(`封存的报表 ${reports.length} 份`, `${reports.length} frozen report(s)`),
    ],
    tables: reports.length === 0 ? [] : [table],
    csv,
  };
}

export function registerFrozenList(report: Command, app: App): void {
  report
    .command('frozen')
    .description(app.t('列出封存的报表：期间、摘要、封存时间、操作人', 'list the frozen reports: period, digest, when and by whom'))
    .action(app.action(list));
}
