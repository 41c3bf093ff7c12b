/** Migration 8: windows: the codes of merged windows live on as aliases, and window names are unique. Released: never edit it; append a new step. */
import type { Migration } from '../migrations.js';

export const migration8: Migration = {
  version: 8,
  description: 'windows: the codes of merged windows live on as aliases, and window names are unique',
  up(db) {
    // `hall window merge FROM INTO` deletes FROM; its code keeps naming INTO, so a clerk
    // who types the old code, an old case-import file or a cron line still finds the
    // counter. A code is either a window's or an alias, never both (the store checks it).
    // Its name too: departments' catalogs name windows by name (卫生健康窗口) far more
    // often than by code, so an old catalog file must still land at INTO. A name is freed
    // by the merge, and a window that takes it later wins over the alias.
    db.exec(`
      CREATE TABLE window_aliases (
        code      TEXT PRIMARY KEY,
        name      TEXT NOT NULL,
        window_id INTEGER NOT NULL REFERENCES windows (id),
        merged_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX window_aliases_by_window ON window_aliases (window_id);
      CREATE INDEX window_aliases_by_name ON window_aliases (name, merged_at);
    `);
    // Two windows of one name made `--window NAME` useless and let the catalog import pick
    // one of them without a word. A database may already hold such pairs: the first window
    // created keeps the name (the one the import picked until now, so old catalog files
    // still land where they did), each later one gets its code appended —
    // 综合窗口（W002）— which every listing then shows and `hall window rename` can change.
    const taken = new Set(db.prepare('SELECT name FROM windows').pluck().all() as string[]);
    const later = db
      .prepare('SELECT id, code, name FROM windows w WHERE EXISTS (SELECT 1 FROM windows f WHERE f.name = w.name AND f.id < w.id) ORDER BY id')
      .all() as { id: number; code: string; name: string }[];
    const rename = db.prepare('UPDATE windows SET name = ? WHERE id = ?');
    for (const window of later) {
      let name = `${window.name}（${window.code}）`;
      // Only a window already named so could be in the way; a counter settles it.
      for (let n = 2; taken.has(name); n++) name = `${window.name}（${window.code}-${n}）`;
      taken.add(name);
      rename.run(name, window.id);
    }
    db.exec(`
      DROP INDEX windows_by_name;
      CREATE UNIQUE INDEX windows_by_name ON windows (name);
    `);
  },
};
