/**
 * The schema, as an ordered list of steps on `PRAGMA user_version`. Step N takes a
 * database at version N−1 to N; each runs in one transaction with the version bump,
 * so a crash leaves the database at N−1 or N, never between. Never edit a released
 * step: append a new one.
 */
import type { Database } from 'better-sqlite3';
import { migration1 } from './migrations/v1.js';
import { migration2 } from './migrations/v2.js';
import { migration3 } from './migrations/v3.js';
import { migration4 } from './migrations/v4.js';
import { migration5 } from './migrations/v5.js';
import { migration6 } from './migrations/v6.js';
import { migration7 } from './migrations/v7.js';
import { migration8 } from './migrations/v8.js';
import { migration9 } from './migrations/v9.js';
import { migration10 } from './migrations/v10.js';
import { migration11 } from './migrations/v11.js';
import { migration12 } from './migrations/v12.js';
import { migration13 } from './migrations/v13.js';
import { migration14 } from './migrations/v14.js';
import { migration15 } from './migrations/v15.js';
import { migration16 } from './migrations/v16.js';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
  /**
   * A step that rebuilds a table other tables refer to runs with foreign keys off (SQLite
   * cannot switch them inside a transaction, and dropping the old table would otherwise
   * fail), and `foreign_key_check` must then find nothing before it commits.
   */
  foreignKeysOff?: boolean;
}

/** A step found data it cannot convert: nothing was changed, and `findings` name the first rows. */
export class MigrationRefused extends Error {
  constructor(
    readonly version: number,
    readonly findings: readonly string[],
  ) {
    super(`migration ${version} refused: ${findings.join('; ')}`);
  }
}

export const MIGRATIONS: readonly Migration[] = [
  migration1,
  migration2,
  migration3,
  migration4,
  migration5,
  migration6,
  migration7,
  migration8,
  migration9,
  migration10,
  migration11,
  migration12,
  migration13,
  migration14,
  migration15,
  migration16,
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
