/**
 * Writing a published holiday schedule (`hall calendar import`): which days it
 * changes, which days set by hand it leaves alone, and which running cases' deadlines
 * move because of it — the same answer whether the import is written or only tried.
 */
import type { Database } from 'better-sqlite3';
import type { DayKind } from '../core/calendar.js';
import { type IsoDate, yearOf } from '../core/dates.js';
import { type DayChange, isManualDay, loadCalendar, type StoredDay, storedDay, upsertDays } from './calendar.js';
import { code, dateOf } from './case-codes.js';
import { recomputeCases } from './cases.js';
import { recomputeComplaintDue } from './oversight.js';
import { recomputeReviewDue } from './reviews.js';

export interface ChangedDay {
  date: IsoDate;
  /** The override the date had, or null: it was an ordinary day of its weekday. */
  from: DayKind | null;
  to: DayKind;
  note: string;
}

/** A day set with `calendar set` that the file gives otherwise, left as it was. */
export interface KeptDay {
  date: IsoDate;
  kind: DayKind;
  note: string;
  source: string;
  file_kind: DayKind;
  file_note: string;
}

/** A running case whose promised or legal deadline the new calendar moves. */
export interface MovedDeadline {
  number: string;
  window: string | null;
  deadline_before: IsoDate | null;
  deadline_after: IsoDate | null;
  legal_deadline_before: IsoDate | null;
  legal_deadline_after: IsoDate | null;
}

export interface ScheduleImport {
  /** Days of the file written (those set by hand and kept are not). */
  written: number;
  changed: ChangedDay[];
  kept_manual: KeptDay[];
  moved: MovedDeadline[];
  /** Cases whose stored values were recomputed (concluded ones too: their on-time flag may change). */
  recomputed: number;
  dry_run: boolean;
}

export interface ScheduleOptions {
  /** Overwrite days set with `calendar set` as well (a center's own correction otherwise wins). */
  replaceManual: boolean;
  /** Compute everything, then roll it back. */
  dryRun: boolean;
}

/**
 * Writes a schedule's days in one IMMEDIATE transaction with the deadlines they move.
 * A dry run does the same work and rolls it back, so what it reports is what the
 * import would do, computed by the very code that would do it.
 */
export function importSchedule(db: Database, days: readonly DayChange[], options: ScheduleOptions): ScheduleImport {
  const rollback = new Error('dry run');
  let result: ScheduleImport | undefined;
  try {
    db.transaction(() => {
      result = writeSchedule(db, days, options);
      if (options.dryRun) throw rollback;
    }).immediate();
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return result!;
}

function writeSchedule(db: Database, days: readonly DayChange[], options: ScheduleOptions): ScheduleImport {
  const kept: KeptDay[] = [];
  const writes: DayChange[] = [];
  const before = new Map<IsoDate, StoredDay | undefined>();
  for (const day of days) {
    const stored = storedDay(db, day.date);
    before.set(day.date, stored);
    if (stored && isManualDay(stored) && !options.replaceManual) {
      // A hand-set day that agrees with the file stays as set; one that disagrees is reported.
      if (stored.kind !== day.kind) kept.push({ ...stored, file_kind: day.kind, file_note: day.note });
      continue;
    }
    writes.push(day);
  }
  const running = runningDeadlines(db);
  const changedDates = upsertDays(db, writes, true);
  // The file is the year's published schedule even where a hand-set day outranks it.
  const coverYear = db.prepare('INSERT OR IGNORE INTO calendar_years (year, source) VALUES (?, ?)');
  for (const day of days) coverYear.run(yearOf(day.date), day.source);
  const written = new Map(writes.map((day) => [day.date, day]));
  const calendar = loadCalendar(db);
  const recomputed = recomputeCases(db, calendar, changedDates);
  // Complaints' due dates are counted on the same calendar (SPEC §7.3).
  recomputeComplaintDue(db, calendar, changedDates);
  // The reviews of bad ratings are due on the same calendar (SPEC §7.2).
  recomputeReviewDue(db, calendar, changedDates);
  const changed = changedDates.sort().map((date) => {
    const day = written.get(date)!;
    return { date, from: before.get(date)?.kind ?? null, to: day.kind, note: day.note };
  });
  return { written: writes.length, changed, kept_manual: kept, moved: movedSince(db, running), recomputed, dry_run: options.dryRun };
}

interface Deadlines {
  number: string;
  window: string | null;
  deadline: IsoDate | null;
  legal_deadline: IsoDate | null;
}

/** The cases still in hand (open or paused): the ones whose clerks must be told of a moved deadline. */
function runningDeadlines(db: Database): Deadlines[] {
  return db
    .prepare(
      `SELECT c.number, w.code AS window, c.deadline, c.legal_deadline
         FROM cases c LEFT JOIN windows w ON w.id = c.window_id
        WHERE c.state IN (${code('state', 'open')}, ${code('state', 'paused')}) ORDER BY c.number`,
    )
    .all()
    .map((row) => {
      const stored = row as Deadlines;
      return { ...stored, deadline: dateOf(stored.deadline), legal_deadline: dateOf(stored.legal_deadline) };
    });
}

function movedSince(db: Database, before: readonly Deadlines[]): MovedDeadline[] {
  const now = db.prepare('SELECT deadline, legal_deadline FROM cases WHERE number = ?');
  const moved: MovedDeadline[] = [];
  for (const old of before) {
    const stored = now.get(old.number) as { deadline: number | null; legal_deadline: number | null };
    const after = { deadline: dateOf(stored.deadline), legal_deadline: dateOf(stored.legal_deadline) };
    if (after.deadline === old.deadline && after.legal_deadline === old.legal_deadline) continue;
    moved.push({
      number: old.number,
      window: old.window,
      deadline_before: old.deadline,
      deadline_after: after.deadline,
      legal_deadline_before: old.legal_deadline,
      legal_deadline_after: after.legal_deadline,
    });
  }
  return moved;
}
