/** Calm at the edges: an empty file taken for a database. */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hall, tempDir } from './helpers.js';

const CALM = /\n\s+at |内部错误|internal error/;

describe('an empty (0-byte) file as the database', () => {
  it('is not a hall database to any command but init, which writes nothing to it', async () => {
    const path = join(tempDir(), 'touched.db');
    writeFileSync(path, '');
    for (const args of [['items', 'list'], ['doctor'], ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'], ['backup', `${path}.bak`]]) {
      const result = await hall(path, args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toBe(`hall: 错误: ${path} 是空文件（0 字节），不是 hall 数据库，未作任何改动；在此新建请运行 hall init\n`);
      expect(result.stdout).toBe('');
    }
    expect(statSync(path).size).toBe(0);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}.bak`)).toBe(false);
    const english = await hall(path, ['--lang', 'en', 'items', 'list']);
    expect(english.stderr).toBe(`hall: error: ${path} is an empty file (0 bytes), not a hall database; nothing was changed; hall init creates one there\n`);
  });

  it('init makes the empty file a database, as it would a missing one', async () => {
    const path = join(tempDir(), 'touched.db');
    writeFileSync(path, '');
    const made = await hall(path, ['init', '--center', '测试中心']);
    expect(made.code, made.stderr).toBe(0);
    expect(statSync(path).size).toBeGreaterThan(0);
    const listed = await hall(path, ['items', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stderr).not.toMatch(CALM);
  });
});

