/**
 * Opening the one SQLite file of a center: WAL so that readers never wait for the
 * clerk who is writing, a busy timeout so that concurrent writers queue instead of
 * failing, and the migrations of `migrations.ts`.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { StorageFailure } from '../core/file-errors.js';
import { MIGRATIONS, type Migration, MigrationRefused, SCHEMA_VERSION } from './migrations.js';

export type { Database };

/** How long a writer waits for another clerk's transaction before giving up (exit 3). */
export const BUSY_TIMEOUT_MS = 15_000;

const SQLITE_HEADER = 'SQLite format 3\u0000';

function assertSqliteFile(path: string): void {
  if (path === ':memory:') return;
  if (!existsSync(path)) {
    if (!existsSync(dirname(resolve(path)))) throw new StorageFailure('missing_directory', path);
    return;
  }
  const stats = statSync(path);
  if (stats.isDirectory()) {
    throw new StorageFailure('directory', path);
  }
  if (stats.size === 0) return;
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new StorageFailure('not_sqlite', path);
  }
}

/** Maps SQLite's own failures to a storage error (exit 3) with a readable message. */
export function storageErrorFrom(error: unknown, path: string): StorageFailure | null {
  const code = (error as { code?: string } | null)?.code ?? '';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new StorageFailure('locked', path);
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT_')) {
    return new StorageFailure('corrupt', path, { code });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_') || code === 'SQLITE_FULL') {
    return new StorageFailure('unwritable', path, { code });
  }
  return null;
}

export function migrate(db: Database, path: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new StorageFailure('newer_schema', path, { version: current, supported: latest });
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (migration.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        // Re-read under the write lock: several processes opening a new database at once
        // all saw version 0 above, and only the first may run each migration.
        if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
        migration.up(db);
        if (migration.foreignKeysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new MigrationRefused(migration.version, ['foreign_key_check']);
        }
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (error) {
      if (error instanceof MigrationRefused) {
        throw new StorageFailure('upgrade_refused', path, { version: error.version, findings: error.findings });
      }
      throw error;
    } finally {
      if (migration.foreignKeysOff) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
}

/**
 * Switches the file to WAL (a no-op once it is). When several processes open a new file
 * at the same moment, SQLite can refuse the switch at once — SQLITE_BUSY without waiting
 * on the busy handler, or the old mode returned unchanged — since the switch needs the
 * file to itself: one init in eight processes failed so, once, in CI. A busy refusal is
 * tried again until the busy timeout has passed; an unchanged mode a few times only, as
 * a file system without WAL support answers so every time (the file then keeps its
 * rollback journal, which is still correct).
 */
function enableWal(db: Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let unchanged = 0; unchanged < 10; ) {
    try {
      if (db.memory || db.pragma('journal_mode = WAL', { simple: true }) === 'wal') return;
      unchanged++;
    } catch (error) {
      const code = (error as { code?: string } | null)?.code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
    }
    Atomics.wait(PAUSE, 0, 0, 10 + Math.floor(Math.random() * 20));
  }
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** Opens (creating and migrating on first use) the database at `path`. */
export function openDatabase(path: string): Database {
  assertSqliteFile(path);
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
    enableWal(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (error) {
    db?.close();
    throw storageErrorFrom(error, path) ?? error;
  }
}

/** Whether this connection has changed the database: after that, a failure must not be reported as if nothing was written. */
export function hasWritten(db: Database): boolean {
  return (db.prepare('SELECT total_changes()').pluck().get() as number) > 0;
}

/** The journal mode in force: `doctor` shows it, since a file copied without its -wal is the commonest way to lose a day. */
export function journalMode(db: Database): string {
  return db.pragma('journal_mode', { simple: true }) as string;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export { SCHEMA_VERSION };

/** Runs `work` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so two writers never deadlock on upgrade. */
export function writeTransaction<T>(db: Database, work: () => T): T {
  return db.transaction(work).immediate();
}

/**
 * `writeTransaction` for work that awaits (a CSV read as a stream inside it): BEGIN
 * IMMEDIATE, COMMIT when the work resolves, ROLLBACK when it throws. better-sqlite3's
 * own transactions inside it become savepoints. Nothing else may use the connection
 * meanwhile, which holds in a CLI process running one command.
 */
export async function writeTransactionAsync<T>(db: Database, work: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = await work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
