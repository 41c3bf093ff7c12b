/** Migration 7: cases: a case may be voided (作废). Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';

/** The CHECK of cases.state as migration 2 wrote it, and as it reads once 'voided' is allowed. */
const NARROW = "CHECK (state IN ('open', 'paused', 'concluded', 'withdrawn', 'refused'))";
const WIDE = "CHECK (state IN ('open', 'paused', 'concluded', 'withdrawn', 'refused', 'voided'))";

export const migration7: Migration = {
  version: 7,
  description: 'cases: a case may be voided (作废)',
  up(db) {
    // SQLite cannot ALTER a CHECK. The usual way is to rebuild the table: copy every row
    // into a new one and build its eleven indexes again — on a center with a million cases,
    // tens of seconds of a locked database on the first command after an upgrade. Allowing
    // one more value changes nothing stored (every row satisfies the wider CHECK, and the
    // CHECK is not in the file's format), which is the case SQLite documents for editing
    // the schema text in place (sqlite.org/lang_altertable.html, "otherwise"): with
    // writable_schema on, rewrite the table's CREATE statement, bump schema_version so
    // every connection reads the schema again, and check the result. It takes a
    // millisecond whatever the size. better-sqlite3 guards the schema table (SQLite's
    // defensive mode) until unsafe mode is on; it is on only for these statements.
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'cases'").pluck().get() as string;
    if (sql.split(NARROW).length !== 2) throw new Error('migration 7: the CHECK of cases.state is not the one migration 2 wrote');
    const schemaVersion = db.pragma('schema_version', { simple: true }) as number;
    db.unsafeMode(true);
    try {
      db.pragma('writable_schema = ON');
      db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'cases'").run(sql.replace(NARROW, WIDE));
      db.pragma(`schema_version = ${schemaVersion + 1}`);
    } finally {
      db.pragma('writable_schema = OFF');
      db.unsafeMode(false);
    }
    // SQLite's last step is a check of the file; a full integrity_check reads every case
    // (seconds on a million). What could go wrong here is the statement's text alone, so
    // the schema is read again now — a malformed one fails this statement, and the
    // transaction with it — and the widened CHECK is looked for.
    const widened = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'cases'").pluck().get() as string;
    db.prepare('SELECT count(*) FROM cases WHERE 0').get();
    if (!widened.includes(WIDE)) throw new Error('migration 7: cases.state was not widened');
  },
};
