/**
 * Errors of files and the database file itself: an output that cannot or must not be
 * written, an input file not found, a database missing, damaged, locked or newer than
 * the code. Like every error they carry data only (src/core/errors.ts).
 */
import { HallError, RefusedError } from './errors.js';

/** A file that must not be overwritten: a backup target, or a report file unless overwriting was asked for. */
export class OutputExists extends RefusedError {
  readonly kind = 'output_exists';

  constructor(
    readonly path: string,
    readonly overwrite: 'never' | 'with_force' = 'never',
  ) {
    super({ path, overwrite });
  }
}

/**
 * An output file (a report, a rejects file, a backup) that cannot be written where it
 * is named: checked before any write transaction, so that nothing is changed.
 */
export class OutputUnwritable extends RefusedError {
  readonly kind = 'output_unwritable';

  constructor(
    readonly path: string,
    readonly reason: 'directory' | 'missing_directory' | 'not_writable',
  ) {
    super({ path, reason });
  }
}

/**
 * A command other than `init` named a database file that does not exist (SPEC §4), or an
 * empty one (0 bytes: `touch`, a copy cut short), which SQLite would open as a new empty
 * database: neither holds a center, and only `init` makes one.
 */
export class DatabaseMissing extends RefusedError {
  readonly kind = 'database_missing';

  constructor(
    readonly path: string,
    readonly empty = false,
  ) {
    super({ path, empty });
  }
}

/**
 * `hall doctor` found cases whose cached columns disagree with what their events give
 * (a manual edit of the file, a write cut short by another tool): reported after the
 * findings, nothing changed. `scope` is which cases were replayed, so the advice can
 * repeat it.
 */
export class StaleCaches extends RefusedError {
  readonly kind = 'stale_caches';

  constructor(
    readonly cases: number,
    readonly scope: 'running' | 'all',
  ) {
    super({ cases, scope });
  }
}

/** `hall demo` on a database that already holds a center's data: the demo would mix with it. */
export class DatabaseNotEmpty extends RefusedError {
  readonly kind = 'database_not_empty';

  constructor(
    readonly path: string,
    readonly cases: number,
    readonly items: number,
    readonly windows: number,
  ) {
    super({ path, cases, items, windows });
  }
}

export class FileNotFound extends RefusedError {
  readonly kind = 'file_not_found';

  constructor(readonly path: string) {
    super({ path });
  }
}

export type StorageProblem =
  | 'directory'
  | 'missing_directory'
  | 'output_failed'
  | 'not_sqlite'
  | 'newer_schema'
  | 'locked'
  | 'corrupt'
  | 'unwritable'
  | 'integrity'
  /** A schema step found stored data it cannot convert (a hand edit): nothing was changed. */
  | 'upgrade_refused'
  /** A catalog row an import's rows refer to was removed by another process while it ran: nothing was imported. */
  | 'catalog_changed';

/** The database cannot be used: corrupt, not SQLite, newer schema, locked too long. Exit 3. */
export class StorageFailure extends HallError {
  readonly kind = 'storage';
  readonly exitCode = 3 as const;

  constructor(
    readonly problem: StorageProblem,
    readonly path: string,
    readonly detail: { code?: string; version?: number; supported?: number; findings?: readonly string[] } = {},
  ) {
    super({ problem, path, ...detail });
  }
}
