/**
 * Migration 16: the third step of issue 24's smaller database. A case's dates become day
 * numbers since 1970-01-01 (calendar_ordinals' key), its acceptance and conclusion times
 * local seconds with their offset (as events keep theirs since migration 15), and each
 * enumerated value a small code named in `codes`; so do its pauses' and its evaluation's.
 * Every index over them is built again on the integers. Measured on a 1,000,000-case
 * import: −382 bytes a case. Released: never edit it; append a new step.
 *
 * The three tables are rebuilt in this one transaction: about 10 s on 1,000,000 cases.
 */
import { type Migration, MigrationRefused } from '../migrations.js';

/**
 * Each column's names by code, as the store's case-codes.ts lists them today — frozen
 * here, since a released step must not change when the store's lists grow.
 */
const CODE_LISTS: Record<string, readonly string[]> = {
  state: ['open', 'concluded', 'paused', 'withdrawn', 'refused', 'voided'],
  stage: ['accept', 'review', 'inspect', 'decide', 'certify', 'deliver'],
  outcome: ['approved', 'denied'],
  unit: ['workday', 'calendar'],
  channel: ['window', 'online', 'kiosk', 'proxy', 'appointment'],
  id_type: ['resident', 'credit', 'other'],
  item_type: [
    '行政许可',
    '行政处罚',
    '行政强制',
    '行政征收',
    '行政给付',
    '行政检查',
    '行政确认',
    '行政奖励',
    '行政裁决',
    '其他行政权力',
    '公共服务',
    '非行政许可',
    '初审',
  ],
  pause: ['supplement', 'special'],
};

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** `CASE column WHEN 'name' THEN code … END`: NULL for NULL, and for a name without a code (the checks refuse those first). */
function coded(domain: string, column: string): string {
  return `CASE ${column} ${CODE_LISTS[domain]!.map((name, index) => `WHEN ${quoted(name)} THEN ${index}`).join(' ')} END`;
}

/** A name of the domain, or NULL where `nullable`. */
function isNamed(domain: string, column: string, nullable: boolean): string {
  const names = `${column} IN (${CODE_LISTS[domain]!.map(quoted).join(', ')})`;
  return nullable ? `(${column} IS NULL OR ${names})` : names;
}

/** A `YYYY-MM-DD` day as its number since 1970-01-01 (exact: midnight is a whole day of seconds). */
const day = (column: string) => `(unixepoch(${column}) / 86400)`;
/** A real `YYYY-MM-DD` date, or NULL. */
const isDate = (column: string) => `(${column} IS NULL OR (${column} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(${column}) = ${column}))`;

const ISO_FORM = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9][+-][0-9][0-9]:[0-9][0-9]'";
const seconds = (column: string) => `unixepoch(substr(${column}, 1, 19))`;
const offset = (column: string) =>
  `(CASE substr(${column}, 20, 1) WHEN '-' THEN -1 ELSE 1 END) * (CAST(substr(${column}, 21, 2) AS INTEGER) * 60 + CAST(substr(${column}, 24, 2) AS INTEGER))`;
const isTime = (column: string) =>
  `(${column} IS NULL OR (${column} GLOB ${ISO_FORM} AND strftime('%Y-%m-%dT%H:%M:%S', ${seconds(column)}, 'unixepoch') = substr(${column}, 1, 19)))`;

const CASE_DATES = ['accepted_date', 'refused_date', 'concluded_date', 'ended_date', 'paused_since', 'deadline', 'legal_deadline'];

export const migration16: Migration = {
  version: 16,
  description: 'cases, pauses and evaluations on integers: day numbers, times as seconds and offset, codes',
  foreignKeysOff: true,
  up(db) {
    // What the new columns cannot hold is named, and nothing is changed: hall wrote every
    // one of these values checked; only a hand edit leaves another.
    const caseChecks: [column: string, valid: string][] = [
      ['state', isNamed('state', 'state', false)],
      ['stage', isNamed('stage', 'stage', true)],
      ['outcome', isNamed('outcome', 'outcome', true)],
      ['limit_unit', isNamed('unit', 'limit_unit', false)],
      ['legal_unit', isNamed('unit', 'legal_unit', true)],
      ['channel', isNamed('channel', 'channel', false)],
      ['id_type', isNamed('id_type', 'id_type', true)],
      ['item_type', isNamed('item_type', 'item_type', false)],
      ...CASE_DATES.map((column): [string, string] => [column, isDate(column)]),
      ['accepted_at', isTime('accepted_at')],
      ['concluded_at', isTime('concluded_at')],
    ];
    const pauseChecks: [string, string][] = [
      ['kind', isNamed('pause', 'kind', false)],
      ['from_date', `(${isDate('from_date')} AND from_date IS NOT NULL)`],
      ['to_date', isDate('to_date')],
    ];
    const evaluationChecks: [string, string][] = [
      ['date', `(${isDate('date')} AND date IS NOT NULL)`],
      ['item_type', isNamed('item_type', 'item_type', true)],
    ];
    // One pass over each table: the first column a row fails is named with its value.
    const faulty = (table: string, checks: readonly [string, string][], caseId: string) =>
      (
        db
          .prepare(
            `SELECT (SELECT number FROM cases c WHERE c.id = t.${caseId}) AS number,
                    CASE ${checks.map(([column, valid]) => `WHEN NOT ${valid} THEN '${column}'`).join(' ')} END AS "column", t.*
               FROM ${table} t WHERE NOT (${checks.map(([, valid]) => valid).join(' AND ')}) LIMIT 5`,
          )
          .all() as (Record<string, unknown> & { number: string; column: string })[]
      ).map((row) => `${row.number}: ${table}.${row.column} "${String(row[row.column])}"`);
    const findings = [
      ...faulty('cases', caseChecks, 'id'),
      ...faulty('case_pauses', pauseChecks, 'case_id'),
      ...faulty('evaluations', evaluationChecks, 'case_id'),
    ];
    if (findings.length > 0) throw new MigrationRefused(16, findings.slice(0, 5));

    const insertCode = db.prepare('INSERT INTO codes (domain, code, name) VALUES (?, ?, ?)');
    for (const [domain, names] of Object.entries(CODE_LISTS)) {
      names.forEach((name, index) => {
        insertCode.run(domain, index, name);
      });
    }

    db.exec(`
      CREATE TABLE new_cases (
        id              INTEGER PRIMARY KEY,
        number          TEXT NOT NULL UNIQUE,
        item_id         INTEGER NOT NULL REFERENCES items (id),
        window_id       INTEGER REFERENCES windows (id),
        department_id   INTEGER NOT NULL REFERENCES departments (id),
        item_type       INTEGER NOT NULL CHECK (item_type BETWEEN 0 AND 12),        -- codes 'item_type'
        applicant       TEXT NOT NULL,
        applicant_id    TEXT,
        id_type         INTEGER CHECK (id_type BETWEEN 0 AND 2),                   -- codes 'id_type'
        channel         INTEGER NOT NULL CHECK (channel BETWEEN 0 AND 4),          -- codes 'channel'
        fee_fen         INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
        lists_id        INTEGER NOT NULL REFERENCES rule_lists (id),
        promised_days   INTEGER NOT NULL,
        limit_unit      INTEGER NOT NULL CHECK (limit_unit IN (0, 1)),             -- codes 'unit'
        legal_days      INTEGER,
        legal_unit      INTEGER CHECK (legal_unit IN (0, 1)),                      -- codes 'unit'
        closing_minutes INTEGER NOT NULL,
        combined_id     INTEGER REFERENCES combined_cases (id),
        -- caches, rewritten with every event. Dates: days since 1970-01-01; times: local
        -- seconds since 1970 and their offset in minutes.
        state           INTEGER NOT NULL CHECK (state BETWEEN 0 AND 5),            -- codes 'state'
        stage           INTEGER CHECK (stage BETWEEN 0 AND 5),                     -- codes 'stage'
        delivered       INTEGER NOT NULL DEFAULT 0,
        outcome         INTEGER CHECK (outcome IN (0, 1)),                         -- codes 'outcome'
        accepted_at     INTEGER,
        accepted_tz     INTEGER,
        accepted_date   INTEGER,
        refused_date    INTEGER,
        concluded_at    INTEGER,
        concluded_tz    INTEGER,
        concluded_date  INTEGER,
        ended_date      INTEGER,
        paused_since    INTEGER,
        deadline        INTEGER,
        legal_deadline  INTEGER,
        days_used       INTEGER,
        on_time         INTEGER,
        same_day        INTEGER,
        on_site         INTEGER
      ) STRICT;
      INSERT INTO new_cases
      SELECT id, number, item_id, window_id, department_id, ${coded('item_type', 'item_type')}, applicant, applicant_id, ${coded('id_type', 'id_type')},
             ${coded('channel', 'channel')}, fee_fen, lists_id, promised_days, ${coded('unit', 'limit_unit')}, legal_days, ${coded('unit', 'legal_unit')},
             closing_minutes, combined_id, ${coded('state', 'state')}, ${coded('stage', 'stage')}, delivered, ${coded('outcome', 'outcome')},
             ${seconds('accepted_at')}, CASE WHEN accepted_at IS NOT NULL THEN ${offset('accepted_at')} END, ${day('accepted_date')}, ${day('refused_date')},
             ${seconds('concluded_at')}, CASE WHEN concluded_at IS NOT NULL THEN ${offset('concluded_at')} END, ${day('concluded_date')},
             ${day('ended_date')}, ${day('paused_since')}, ${day('deadline')}, ${day('legal_deadline')}, days_used, on_time, same_day, on_site
        FROM cases ORDER BY id;

      CREATE TABLE new_case_pauses (
        case_id   INTEGER NOT NULL REFERENCES new_cases (id),
        seq       INTEGER NOT NULL,
        kind      INTEGER NOT NULL CHECK (kind IN (0, 1)),                         -- codes 'pause'
        reason    TEXT NOT NULL,
        from_date INTEGER NOT NULL,
        to_date   INTEGER,
        PRIMARY KEY (case_id, seq)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO new_case_pauses
      SELECT case_id, seq, ${coded('pause', 'kind')}, reason, ${day('from_date')}, ${day('to_date')} FROM case_pauses ORDER BY case_id, seq;

      CREATE TABLE new_evaluations (
        case_id       INTEGER PRIMARY KEY REFERENCES new_cases (id),
        level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        comment       TEXT NOT NULL DEFAULT '',
        date          INTEGER NOT NULL,
        window_id     INTEGER REFERENCES windows (id),
        department_id INTEGER REFERENCES departments (id),
        item_id       INTEGER REFERENCES items (id),
        item_type     INTEGER                                                       -- codes 'item_type'
      ) STRICT;
      INSERT INTO new_evaluations
      SELECT case_id, level, comment, ${day('date')}, window_id, department_id, item_id, ${coded('item_type', 'item_type')} FROM evaluations ORDER BY case_id;
    `);
    const missing = db
      .prepare(
        `SELECT (SELECT count(*) FROM cases) - (SELECT count(*) FROM new_cases) + (SELECT count(*) FROM case_pauses) - (SELECT count(*) FROM new_case_pauses)
              + (SELECT count(*) FROM evaluations) - (SELECT count(*) FROM new_evaluations)`,
      )
      .pluck()
      .get() as number;
    if (missing !== 0) throw new MigrationRefused(16, [`${missing} rows not converted`]);

    db.exec(`
      DROP TABLE evaluations;
      DROP TABLE case_pauses;
      DROP TABLE cases;
      ALTER TABLE new_cases RENAME TO cases;
      ALTER TABLE new_case_pauses RENAME TO case_pauses;
      ALTER TABLE new_evaluations RENAME TO evaluations;

      -- The monthly pack's covering indexes (migrations 4, 5 and 14), on the integers.
      CREATE INDEX cases_report_accepted ON cases (accepted_date, window_id, department_id, item_id, item_type, fee_fen);
      CREATE INDEX cases_report_concluded ON cases (concluded_date, window_id, department_id, item_id, item_type,
        outcome, same_day, on_time, on_site, days_used, legal_days, legal_unit, limit_unit);
      CREATE INDEX cases_report_other_unit ON cases (concluded_date, window_id, department_id, item_id, item_type)
        WHERE legal_days IS NOT NULL AND coalesce(legal_unit, 0) <> limit_unit;
      CREATE INDEX cases_report_ended ON cases (ended_date, accepted_date, state, window_id, department_id, item_id, item_type,
        deadline, promised_days, limit_unit);
      CREATE INDEX cases_report_late ON cases (concluded_date, number, item_id, window_id, accepted_date, deadline, limit_unit, on_time)
        WHERE on_time = 0;
      CREATE INDEX cases_by_refused ON cases (refused_date, window_id, department_id, item_id, item_type) WHERE refused_date IS NOT NULL;
      CREATE INDEX cases_by_state ON cases (state, deadline, item_id);
      CREATE INDEX cases_by_window ON cases (window_id, accepted_date);
      CREATE INDEX cases_by_combined ON cases (combined_id) WHERE combined_id IS NOT NULL;
      CREATE INDEX case_pauses_by_end ON case_pauses (to_date, case_id);
      CREATE INDEX evaluations_report ON evaluations (date, window_id, department_id, item_id, item_type, level);

      -- For people at the sqlite3 shell: each case, pause and evaluation with its dates, times and codes as text.
      CREATE VIEW cases_text AS
      SELECT c.id, c.number, c.item_id, c.window_id, c.department_id, it.name AS item_type, c.applicant, c.applicant_id, idt.name AS id_type,
             ch.name AS channel, c.fee_fen, c.lists_id, c.promised_days, lu.name AS limit_unit, c.legal_days, gu.name AS legal_unit,
             c.closing_minutes, c.combined_id, st.name AS state, sg.name AS stage, c.delivered, oc.name AS outcome,
             strftime('%Y-%m-%dT%H:%M:%S', c.accepted_at, 'unixepoch') || CASE WHEN c.accepted_tz < 0 THEN '-' ELSE '+' END
               || printf('%02d:%02d', abs(c.accepted_tz) / 60, abs(c.accepted_tz) % 60) AS accepted_at,
             date(c.accepted_date * 86400, 'unixepoch') AS accepted_date, date(c.refused_date * 86400, 'unixepoch') AS refused_date,
             strftime('%Y-%m-%dT%H:%M:%S', c.concluded_at, 'unixepoch') || CASE WHEN c.concluded_tz < 0 THEN '-' ELSE '+' END
               || printf('%02d:%02d', abs(c.concluded_tz) / 60, abs(c.concluded_tz) % 60) AS concluded_at,
             date(c.concluded_date * 86400, 'unixepoch') AS concluded_date, date(c.ended_date * 86400, 'unixepoch') AS ended_date,
             date(c.paused_since * 86400, 'unixepoch') AS paused_since, date(c.deadline * 86400, 'unixepoch') AS deadline,
             date(c.legal_deadline * 86400, 'unixepoch') AS legal_deadline, c.days_used, c.on_time, c.same_day, c.on_site
        FROM cases c
        LEFT JOIN codes it ON it.domain = 'item_type' AND it.code = c.item_type
        LEFT JOIN codes idt ON idt.domain = 'id_type' AND idt.code = c.id_type
        LEFT JOIN codes ch ON ch.domain = 'channel' AND ch.code = c.channel
        LEFT JOIN codes lu ON lu.domain = 'unit' AND lu.code = c.limit_unit
        LEFT JOIN codes gu ON gu.domain = 'unit' AND gu.code = c.legal_unit
        LEFT JOIN codes st ON st.domain = 'state' AND st.code = c.state
        LEFT JOIN codes sg ON sg.domain = 'stage' AND sg.code = c.stage
        LEFT JOIN codes oc ON oc.domain = 'outcome' AND oc.code = c.outcome;
      CREATE VIEW case_pauses_text AS
      SELECT p.case_id, p.seq, k.name AS kind, p.reason, date(p.from_date * 86400, 'unixepoch') AS from_date,
             date(p.to_date * 86400, 'unixepoch') AS to_date
        FROM case_pauses p LEFT JOIN codes k ON k.domain = 'pause' AND k.code = p.kind;
      CREATE VIEW evaluations_text AS
      SELECT e.case_id, e.level, e.comment, date(e.date * 86400, 'unixepoch') AS date, e.window_id, e.department_id, e.item_id, t.name AS item_type
        FROM evaluations e LEFT JOIN codes t ON t.domain = 'item_type' AND t.code = e.item_type;
    `);
  },
};
