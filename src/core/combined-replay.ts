/**
 * A combined case replayed from the rows its parts are stored in, for the cache the
 * store keeps (store/combined-cache.ts) and for the migration that first filled it: both
 * read the same columns, and the replay is written once. Pure: rows in, derivation out.
 */
import type { WorkCalendar } from './calendar.js';
import { type RuleColumns, rulesFromColumns } from './case-record.js';
import { type CombinedPart, type DerivedCombined, deriveCombined } from './combined.js';
import type { IsoDate } from './dates.js';
import { type CaseEvent, deriveCase } from './lifecycle.js';

/** A part's row: the rules it was accepted under, as the cases table stores them. */
export interface StoredPartRow extends RuleColumns {
  id: number;
  number: string;
  item: string;
  closing_minutes: number;
}

/** An event row of case_events, details still JSON text. */
export type StoredEventRow = Omit<CaseEvent, 'details'> & { details: string };

/** The combined case's own row: the bundle's limits copied at acceptance. */
export interface StoredCombinedRules {
  promised_days: number;
  legal_days: number | null;
  accepted_date: IsoDate;
}

/**
 * The combined case from its rows. The reference date is the latest event of any part:
 * the cached figures do not depend on it (see combinedCaches), so a replay on another
 * day gives the same.
 */
export function replayCombinedRows(
  rules: StoredCombinedRules,
  partRows: readonly StoredPartRow[],
  eventsOf: (caseId: number) => readonly StoredEventRow[],
  calendar: WorkCalendar,
): DerivedCombined {
  let latest = rules.accepted_date;
  const parts: CombinedPart[] = partRows.map((row) => {
    const events: CaseEvent[] = eventsOf(row.id).map((event) => ({ ...event, details: JSON.parse(event.details) as Record<string, unknown> }));
    for (const event of events) if (event.date > latest) latest = event.date;
    return { number: row.number, item: row.item, events, derived: deriveCase(events, rulesFromColumns(row, row.closing_minutes), calendar) };
  });
  return deriveCombined(parts, { promisedDays: rules.promised_days, legalDays: rules.legal_days, acceptedDate: rules.accepted_date }, calendar, latest);
}
