/**
 * Where a command will write a file (`--out`, a rejects file, a backup), checked before
 * the command changes anything: a write command must never commit and then fail on
 * its output (a case registered, then exit 70 for `--out nodir/r.json`).
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OutputUnwritable } from '../core/file-errors.js';

/** Throws OutputUnwritable unless `path` names a file that can be created or overwritten. */
export function checkOutputTarget(path: string): void {
  if (path === '') throw new OutputUnwritable(path, 'missing_directory');
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new OutputUnwritable(path, 'directory');
    if (!writable(path)) throw new OutputUnwritable(path, 'not_writable');
    return;
  }
  const directory = dirname(resolve(path));
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new OutputUnwritable(path, 'missing_directory');
  if (!writable(directory)) throw new OutputUnwritable(path, 'not_writable');
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
