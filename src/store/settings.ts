/** Center settings (SPEC §3.3): name, time zone, closing time, warning threshold. */
import type { Database } from 'better-sqlite3';

export interface Settings {
  centerName: string;
  timeZone: string;
  /** Office closing time, `HH:MM`: a 即办件 accepted later is due the next working day. */
  closingTime: string;
  /** Days before the deadline at which an open case turns yellow. */
  warningDays: number;
}

export const DEFAULT_SETTINGS: Settings = {
  centerName: '政务服务中心',
  timeZone: 'Asia/Shanghai',
  closingTime: '17:30',
  warningDays: 2,
};

const KEYS: Record<keyof Settings, string> = {
  centerName: 'center_name',
  timeZone: 'time_zone',
  closingTime: 'closing_time',
  warningDays: 'warning_days',
};

export function readSettings(db: Database): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  return {
    centerName: stored.get(KEYS.centerName) ?? DEFAULT_SETTINGS.centerName,
    timeZone: stored.get(KEYS.timeZone) ?? DEFAULT_SETTINGS.timeZone,
    closingTime: stored.get(KEYS.closingTime) ?? DEFAULT_SETTINGS.closingTime,
    warningDays: Number(stored.get(KEYS.warningDays) ?? DEFAULT_SETTINGS.warningDays),
  };
}

export function writeSettings(db: Database, changes: Partial<Settings>): void {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (const [field, value] of Object.entries(changes) as [keyof Settings, string | number][]) {
    if (value !== undefined) upsert.run(KEYS[field], String(value));
  }
}

/** The assessment rubric stored by `hall init --rubric FILE` (JSON text, checked when stored), or null for the standard one. */
export function readStoredRubric(db: Database): string | null {
  return (db.prepare("SELECT value FROM settings WHERE key = 'assessment_rubric'").pluck().get() as string | undefined) ?? null;
}

export function writeStoredRubric(db: Database, json: string): void {
  db.prepare("INSERT INTO settings (key, value) VALUES ('assessment_rubric', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(json);
}
