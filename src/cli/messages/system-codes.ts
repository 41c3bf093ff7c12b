/**
 * What the system's own English says, for a clerk: a full disk (ENOSPC, SQLITE_FULL) is
 * told as such in Chinese, with the code after it for whoever looks further, and a JSON
 * parser's complaint as where in the text it is.
 */
import { type LocalText, text } from '../../core/text.js';

const CODES: Record<string, LocalText> = {
  ENOSPC: text('磁盘已满', 'the disk is full'),
  SQLITE_FULL: text('磁盘已满', 'the disk is full'),
  EDQUOT: text('超出磁盘配额', 'the disk quota is exceeded'),
  EACCES: text('没有写权限', 'permission denied'),
  EPERM: text('没有写权限', 'permission denied'),
  SQLITE_READONLY: text('数据库只读', 'the database is read-only'),
  EROFS: text('文件系统只读', 'the file system is read-only'),
  EIO: text('磁盘读写错误', 'an input/output error'),
  SQLITE_IOERR: text('磁盘读写错误', 'an input/output error'),
  SQLITE_CANTOPEN: text('无法打开文件', 'the file cannot be opened'),
  EISDIR: text('是一个目录', 'it is a directory'),
  ENOENT: text('目录不存在', 'the directory does not exist'),
  EMFILE: text('打开的文件过多', 'too many open files'),
  EFBIG: text('文件过大', 'the file is too large'),
};

/** `磁盘已满（ENOSPC）` / `the disk is full (ENOSPC)`; a code without words is shown as it is. */
export function systemCodeText(code: string | undefined): LocalText {
  const shown = code ?? 'EIO';
  // SQLite's extended codes (SQLITE_IOERR_WRITE …) read as their primary code.
  const words = CODES[shown] ?? CODES[shown.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')];
  if (!words) return text(`系统错误 ${shown}`, shown);
  return text(`${words.zh}（${shown}）`, `${words.en} (${shown})`);
}

/**
 * Where the JSON parser stopped, in Chinese (`：第 13 个字符处有误`), from its English
 * message; empty when the message names no place.
 */
export function jsonErrorPlace(parserMessage: string): string {
  const position = /at position (\d+)/.exec(parserMessage);
  if (position) return `：第 ${Number(position[1]) + 1} 个字符处有误`;
  if (/Unexpected end of JSON input/.test(parserMessage)) return '：内容不完整（缺少结尾）';
  const token = /Unexpected token '(.+?)'/.exec(parserMessage);
  if (token) return `：意外的字符"${token[1]}"`;
  return '';
}
