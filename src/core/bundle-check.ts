/**
 * `bundles check` (SPEC §7.1): what keeps an active bundle from being handled as
 * promised — 一窗受理 at the lead department's counter, every member accepted in the
 * hall, none slower than the bundle. The findings are data; the command words them.
 */
import type { StoredBundle } from './bundle-table.js';
import type { LimitUnit } from './calendar.js';
import type { ItemStatus } from './catalog.js';

/**
 * A finding of one bundle, about one of its members or (`item` null) the bundle itself.
 * `member_slower`: a required member promised longer than the bundle. A limit in
 * calendar days is reported when it has more days than the bundle has working days: it
 * may then end after the bundle's deadline, and the two cannot be compared closer
 * without a date.
 */
export type BundleFinding = { code: string; name: string; item: string | null; item_name: string | null } & (
  | { rule: 'member_slower'; promised: number; unit: LimitUnit; bundle_promised: number }
  | { rule: 'member_not_active'; status: Exclude<ItemStatus, 'active'> }
  | { rule: 'member_not_in_hall' }
  | { rule: 'lead_no_window'; department: string }
);

export type BundleRule = BundleFinding['rule'];

/** The findings of every active bundle in the order given, each bundle's by member order; and how many were checked. */
export function checkBundles(bundles: Iterable<StoredBundle>, departmentsWithWindow: ReadonlySet<string>): { bundles: number; findings: BundleFinding[] } {
  const findings: BundleFinding[] = [];
  let checked = 0;
  for (const bundle of bundles) {
    if (bundle.status !== 'active') continue;
    checked++;
    const at = { code: bundle.code, name: bundle.name };
    if (!departmentsWithWindow.has(bundle.leadDepartment)) {
      findings.push({ ...at, item: null, item_name: null, rule: 'lead_no_window', department: bundle.leadDepartment });
    }
    for (const member of bundle.members) {
      const of = { ...at, item: member.item, item_name: member.itemName };
      if (member.required && member.promisedDays > bundle.promisedDays) {
        findings.push({ ...of, rule: 'member_slower', promised: member.promisedDays, unit: member.limitUnit, bundle_promised: bundle.promisedDays });
      }
      if (member.itemStatus !== 'active') findings.push({ ...of, rule: 'member_not_active', status: member.itemStatus });
      if (member.window === null) findings.push({ ...of, rule: 'member_not_in_hall' });
    }
  }
  return { bundles: checked, findings };
}
