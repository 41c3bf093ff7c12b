/** What a department or window must look like before it is stored (SPEC §3.1). */

import { requireText } from './case-values.js';
import { InvalidValue } from './errors.js';

/** A department is named as the catalog names it; only an empty name is refused. */
export function parseDepartmentName(raw: string): string {
  return requireText('department', raw);
}

/**
 * Window codes appear in file names, cron lines and the assessment sheet sent upward,
 * so they stay to ASCII letters, digits, `-` and `_` (W001, A-03).
 */
export function parseWindowCode(raw: string): string {
  const code = raw.trim();
  if (!/^[A-Za-z0-9_-]+$/.test(code)) throw new InvalidValue('window_code', raw, { rule: 'window_code' });
  return code;
}

export function parseWindowName(raw: string): string {
  return requireText('name', raw);
}
