/**
 * The refusals of the case export (SPEC §7.6), each before a file is written. Kept
 * beside errors.ts, as the file and frozen-report errors are; the CLI supplies the flags.
 */
import { RefusedError } from './errors.js';

/** `--format` names a format hall prints (table, json, xlsx) rather than one the export writes. */
export class ExportFormatRefused extends RefusedError {
  readonly kind = 'export_format';

  constructor(
    readonly value: string,
    readonly allowed: readonly string[],
  ) {
    super({ value, allowed });
  }
}

/**
 * `--out` cannot hold an export: it is a file (`file`), a directory nothing can be
 * written into (`not_writable`), or a directory that does not exist in one that does not
 * either (`missing_parent`).
 */
export class ExportDirectoryRefused extends RefusedError {
  readonly kind = 'export_directory';

  constructor(
    readonly path: string,
    readonly reason: 'file' | 'not_writable' | 'missing_parent',
  ) {
    super({ path, reason });
  }
}

/** The export is sorted by center: without a 行政区划代码 it would have no `center=` folder. */
export class ExportNeedsCenterCode extends RefusedError {
  readonly kind = 'export_needs_center_code';

  constructor() {
    super({});
  }
}

/**
 * The directory holds another center's export (a `center=` folder of another code): one
 * center's run must not mix its months into a folder tree another keeps current.
 */
export class ExportOtherCenter extends RefusedError {
  readonly kind = 'export_other_center';

  constructor(
    readonly path: string,
    readonly found: readonly string[],
    readonly code: string,
  ) {
    super({ path, found, code });
  }
}
