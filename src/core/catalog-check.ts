/**
 * `items check` (SPEC §4): what an assessment of the catalog penalises, found in the
 * items in use or suspended. The findings are data; the command words them.
 */
import type { LimitUnit } from './calendar.js';
import type { CatalogItem } from './item-table.js';

/** A limit as a finding quotes it. */
export interface QuotedLimit {
  days: number;
  unit: LimitUnit | null;
}

export type CatalogFinding = { code: string; name: string } & (
  | { rule: 'promised_over_legal'; promised: number; legal: number }
  | { rule: 'compression_under_30'; promised: number; legal: number; percent: number }
  | { rule: 'mixed_units'; legal: QuotedLimit; promised: QuotedLimit }
  | { rule: 'no_window' }
  | { rule: 'authorization_not_declared' }
  | { rule: 'duplicate_name'; others: string[] }
);

export type CatalogRule = CatalogFinding['rule'];

/** Provinces require promised limits at least 30% below the legal ones (承诺时限压缩): at most 70% of them. */
const MAX_PROMISED_SHARE = 0.7;

/** The findings by item code, then rule, and how many items were checked (a cancelled item is not). */
export function checkCatalog(catalog: Iterable<CatalogItem>): { items: number; findings: CatalogFinding[] } {
  const findings: CatalogFinding[] = [];
  const byName = new Map<string, CatalogItem[]>();
  let items = 0;
  for (const item of catalog) {
    if (item.status === 'cancelled') continue;
    items++;
    const at = { code: item.code, name: item.name };
    const sameName = byName.get(item.name);
    if (sameName) sameName.push(item);
    else byName.set(item.name, [item]);
    const legal = item.legalDays;
    const promised = item.promisedDays;
    if (legal !== null && legal > 0 && item.legalUnit === item.limitUnit) {
      if (promised > legal) findings.push({ ...at, rule: 'promised_over_legal', promised, legal });
      else if (promised > legal * MAX_PROMISED_SHARE) {
        // Rounded down, so a limit just short of 30% never reads as 30%.
        const percent = Math.floor(((legal - promised) / legal) * 100);
        findings.push({ ...at, rule: 'compression_under_30', promised, legal, percent });
      }
    } else if (legal !== null && item.legalUnit !== item.limitUnit) {
      findings.push({ ...at, rule: 'mixed_units', legal: { days: legal, unit: item.legalUnit }, promised: { days: promised, unit: item.limitUnit } });
    }
    if (item.window === null) findings.push({ ...at, rule: 'no_window' });
    if (!item.authorizationDeclared) findings.push({ ...at, rule: 'authorization_not_declared' });
  }
  for (const sameName of byName.values()) {
    if (sameName.length < 2) continue;
    for (const item of sameName) {
      const others = sameName.filter((other) => other !== item).map((other) => other.code);
      findings.push({ code: item.code, name: item.name, rule: 'duplicate_name', others });
    }
  }
  findings.sort((a, b) => a.code.localeCompare(b.code) || a.rule.localeCompare(b.rule));
  return { items, findings };
}
