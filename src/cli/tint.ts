/**
 * One word in colour on a terminal — the `错误` and `警告` labels — from Node's own ANSI
 * table: every command may print one, and loading chalk for a word would cost more than
 * the command (chalk is loaded for tables, and only when they are drawn in colour).
 */
import { inspect } from 'node:util';

export function tint(text: string, color: 'red' | 'yellow', enabled: boolean): string {
  if (!enabled) return text;
  const [open, close] = inspect.colors[color]!;
  return `\u001b[${open}m${text}\u001b[${close}m`;
}
