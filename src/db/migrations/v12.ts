/** Migration 12: reviews of bad ratings (差评整改) and complaints with categories and due dates. Released: never edit it; append a new step. */
import { addWorkingDays, type CalendarEntry, createCalendar } from '../../core/calendar.js';
import type { Migration } from '../migrations.js';

/** The defaults of SPEC §7.2 and §7.3 as they stood at this step: a later default does not rewrite history. */
const REVIEW_DAYS = 5;
const COMPLAINT_DAYS = 15;

export const migration12: Migration = {
  version: 12,
  description: 'reviews of bad ratings (差评整改) and complaints with categories and due dates',
  up(db) {
    // A review is the case a level 1–2 evaluation opens (国办发〔2019〕51号): 核实, 整改 by
    // `due`, 回访. Its steps are dated (YYYY-MM-DD, SPEC §7.2) so a report judges its state
    // at any t. window_id is the evaluated case's window, moved with it by a merge. At most
    // one review of a case is open at a time.
    db.exec(`
      CREATE TABLE reviews (
        id              INTEGER PRIMARY KEY,
        case_id         INTEGER NOT NULL REFERENCES cases (id),
        window_id       INTEGER REFERENCES windows (id),
        level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 2),
        opened          TEXT NOT NULL,
        -- review_days when it opened: a calendar change moves due by these, a later setting does not.
        days            INTEGER NOT NULL CHECK (days >= 1),
        due             TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('open', 'rectified', 'visited', 'invalid', 'revised', 'voided')),
        rectified_at    TEXT,
        rectify_note    TEXT,
        visited_at      TEXT,
        visit_result    TEXT CHECK (visit_result IN ('satisfied', 'unsatisfied')),
        visit_note      TEXT,
        invalidated_at  TEXT,
        invalid_reason  TEXT,
        -- The date a raised rating (revised) or a void (voided) closed it.
        closed_at       TEXT,
        created_at      TEXT NOT NULL,
        operator        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reviews_by_opened ON reviews (opened, window_id);
      CREATE INDEX reviews_by_case ON reviews (case_id);
      CREATE UNIQUE INDEX reviews_one_open ON reviews (case_id) WHERE state = 'open';
      CREATE INDEX reviews_open_by_due ON reviews (due) WHERE state = 'open';

      -- 12345 工单 categories (SPEC §7.3); a complaint received before this step was a 投诉.
      ALTER TABLE complaints ADD COLUMN category TEXT NOT NULL DEFAULT 'complaint'
        CHECK (category IN ('consult', 'help', 'suggest', 'complaint', 'report'));
      ALTER TABLE complaints ADD COLUMN due TEXT;
      -- The category's working days when it was received, as a review keeps its days.
      ALTER TABLE complaints ADD COLUMN due_days INTEGER CHECK (due_days >= 1);
      CREATE INDEX complaints_open_by_due ON complaints (due) WHERE status = 'open';
    `);
    const evaluations = db
      .prepare(
        `SELECT e.case_id, e.window_id, e.level, e.date, e.at, e.operator FROM evaluations e JOIN cases c ON c.id = e.case_id
          WHERE e.level <= 2 AND c.state <> 'voided' ORDER BY e.at, e.case_id`,
      )
      .all() as { case_id: number; window_id: number | null; level: number; date: string; at: string; operator: string }[];
    const complaints = db.prepare('SELECT id, received_date FROM complaints').all() as { id: number; received_date: string }[];
    if (evaluations.length === 0 && complaints.length === 0) return;
    // The bad ratings and the complaints already stored get their due dates on the calendar as it is stored.
    const days = db.prepare('SELECT date, kind, note FROM calendar_days').all() as CalendarEntry[];
    const years = db.prepare('SELECT year FROM calendar_years').pluck().all() as number[];
    const calendar = createCalendar(days, years);
    const review = db.prepare(
      `INSERT INTO reviews (case_id, window_id, level, opened, days, due, state, created_at, operator)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
    );
    for (const row of evaluations) {
      review.run(row.case_id, row.window_id, row.level, row.date, REVIEW_DAYS, addWorkingDays(calendar, row.date, REVIEW_DAYS), row.at, row.operator);
    }
    const due = db.prepare(`UPDATE complaints SET due = ?, due_days = ${COMPLAINT_DAYS} WHERE id = ?`);
    for (const row of complaints) due.run(addWorkingDays(calendar, row.received_date, COMPLAINT_DAYS), row.id);
  },
};
