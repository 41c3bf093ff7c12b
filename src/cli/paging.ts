/** How long lists (`case list`, `items list`) are cut to a page, and the flags that change it. */
import { wholeNumber } from '../core/case-values.js';
import { UsageError } from '../core/errors.js';
import type { OutputFormat } from './render.js';

/** A clerk reads a screenful or two; a 60,000-item catalog or a year of cases is not read in a terminal. */
export const PAGE_SIZE = 50;

export interface PagingOptions {
  limit?: string;
  all?: boolean;
}

/**
 * How many rows a list prints: `--limit N`, or every row with `--all`. Otherwise a table
 * (at a terminal, in a pipe, in a file) shows PAGE_SIZE rows and says how many more
 * there are, while csv and json print every row: a script that asks for the data wants
 * all of it, and has no footer to tell it that some were left out.
 */
export function pageLimit(format: OutputFormat, options: PagingOptions): number | undefined {
  if (options.limit !== undefined && options.all) throw new UsageError('conflicting_options', ['--limit', '--all']);
  if (options.limit !== undefined) return wholeNumber('limit', options.limit, 1, Number.MAX_SAFE_INTEGER, { rule: 'list_limit' });
  if (options.all || format !== 'table') return undefined;
  return PAGE_SIZE;
}

/** A search text as typed: trimmed, and refused when empty (an empty filter would silently list everything). */
export function searchText(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') throw new UsageError('empty_option', [flag], value);
  return trimmed;
}
