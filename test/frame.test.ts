/**
 * The frame under hostile use: empty and impossible paths, outputs that cannot be
 * written, a reader that goes away, concurrent first use, and the last-resort handler.
 * Every refusal changes nothing; nothing ever prints a stack or exits outside 0–3.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/app.js';
import { SCHEMA_VERSION } from '../src/db/migrations.js';
import { dump, fixture, freshDb, hall, ROOT, tempDir } from './helpers.js';

const BIN = join(ROOT, 'bin', 'hall.js');
const NOW = { HALL_NOW: '2025-10-09T10:00:00+08:00' };
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |node:internal|Error:/);

async function withCatalog(): Promise<string> {
  const db = await freshDb();
  await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')]);
  return db;
}

describe('database paths', () => {
  it('refuses an empty --db or HALL_DB as a usage error instead of using a throwaway database', async () => {
    const flag = await hall(null, ['--db', '', 'init', '--center', '测试中心']);
    expect(flag).toMatchObject({ code: 2, stderr: 'hall: 用法错误: --db 不能为空\n  查看帮助：hall init --help\n' });
    const env = await hall(null, ['items', 'list'], { HALL_DB: '' });
    expect(env).toMatchObject({ code: 2, stderr: 'hall: 用法错误: HALL_DB 不能为空\n' });
    const db = await freshDb();
    expect(await hall(db, ['items', 'list', '--out', ''])).toMatchObject({
      code: 2,
      stderr: 'hall: 用法错误: --out 不能为空\n  查看帮助：hall items list --help\n',
    });
  });

  it('refuses every command but init on a database file that does not exist (exit 1), creating nothing', async () => {
    const path = join(tempDir(), 'typo.db');
    for (const args of [
      ['items', 'list'],
      ['case', 'list'],
      ['items', 'import', fixture('catalog-gb18030.csv')],
    ]) {
      expect(await hall(path, args)).toMatchObject({ code: 1, stderr: `hall: 错误: 数据库 ${path} 不存在；新建请运行 hall init\n` });
    }
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a database in a directory that does not exist (exit 3), creating nothing', async () => {
    const dir = join(tempDir(), 'missing');
    const result = await hall(join(dir, 'hall.db'), ['init', '--center', '测试中心']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`数据库 ${join(dir, 'hall.db')} 所在的目录不存在`);
    expect(existsSync(dir)).toBe(false);
  });

  it('lets eight processes initialise the same new database at once, several rounds', async () => {
    for (let round = 0; round < 3; round++) {
      const db = join(tempDir(), 'hall.db');
      const runs = Array.from(
        { length: 8 },
        () =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const args = ['--db', db, 'init', '--center', '并发中心'];
            const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...NOW } });
            let stderr = '';
            child.stderr.on('data', (chunk) => {
              stderr += chunk;
            });
            child.on('close', (code) => resolve({ code, stderr }));
          }),
      );
      for (const result of await Promise.all(runs)) expect(result, result.stderr).toMatchObject({ code: 0 });
      expect((await hall(db, ['items', 'import', fixture('catalog-gb18030.csv')])).code).toBe(0);
      const check = new BetterSqlite3(db, { readonly: true });
      expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(check.prepare('SELECT count(*) FROM items').pluck().get()).toBe(8);
      check.close();
    }
  });
});

describe('outputs are checked before anything is written', () => {
  it('refuses --out naming a directory or a missing directory, and registers nothing', async () => {
    const db = await withCatalog();
    const before = dump(db);
    const dir = tempDir();
    const register = ['case', 'register', '--item', 'XK10001000', '--applicant', '张三'];
    const intoDirectory = await hall(db, [...register, '--out', dir], NOW);
    expect(intoDirectory).toMatchObject({ code: 1, stderr: `hall: 错误: ${dir} 是一个目录；请给出文件名；未作任何改动\n` });
    const intoNowhere = await hall(db, [...register, '--out', join(dir, 'nodir', 'r.json')], NOW);
    expect(intoNowhere.code).toBe(1);
    expect(intoNowhere.stderr).toContain(`无法写入 ${join(dir, 'nodir', 'r.json')}：所在目录不存在；未作任何改动`);
    const list = await hall(db, ['items', 'list', '--out', dir, '--lang', 'en']);
    expect(list).toMatchObject({ code: 1, stderr: `hall: error: ${dir} is a directory; name a file; nothing was changed\n` });
    expect(dump(db)).toBe(before);
  });

  it('refuses a rejects file that cannot be written before importing a row', async () => {
    const db = await withCatalog();
    const before = dump(db);
    const rejects = join(tempDir(), 'nodir', 'r.csv');
    for (const args of [
      ['items', 'import', fixture('errors/mixed.csv'), '--skip-invalid', '--rejects', rejects],
      ['cases', 'import', fixture('cases-bad.csv'), '--skip-invalid', '--rejects', rejects],
    ]) {
      const result = await hall(db, args, { HALL_NOW: '2025-10-15T09:00:00+08:00' });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`无法写入 ${rejects}：所在目录不存在`);
    }
    expect(dump(db)).toBe(before);
  });

  it('refuses a backup into a directory or a missing one', async () => {
    const db = await freshDb();
    const dir = tempDir();
    expect(await hall(db, ['backup', dir])).toMatchObject({ code: 1, stderr: `hall: 错误: ${dir} 是一个目录；请给出文件名；未作任何改动\n` });
    const missing = await hall(db, ['backup', join(dir, 'no', 'b.db')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('所在目录不存在');
  });

  it.runIf(existsSync('/dev/full'))('on a full device: a read fails with exit 3, a committed write stays a success with a warning', async () => {
    const db = await withCatalog();
    const read = await hall(db, ['items', 'list', '--out', '/dev/full']);
    expect(read).toMatchObject({ code: 3, stderr: 'hall: 错误: 无法写入 /dev/full：磁盘已满（ENOSPC）\n' });
    const exported = await hall(db, ['items', 'export', '--out', '/dev/full']);
    expect(exported).toMatchObject({ code: 3, stderr: 'hall: 错误: 无法写入 /dev/full：磁盘已满（ENOSPC）\n' });
    const written = await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--out', '/dev/full'], NOW);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('已完成并保存，但输出未能写入 /dev/full：磁盘已满（ENOSPC）');
    expect(JSON.parse((await hall(db, ['case', 'show', '20251009-0001', '--format', 'json'])).stdout).applicant).toBe('张三');
  });
});

describe('values that would overflow or never end', () => {
  it('refuses absurd fees and limits, naming the bound', async () => {
    const db = await withCatalog();
    const before = dump(db);
    const fee = await hall(db, ['case', 'register', '--item', 'XK10001000', '--applicant', '张三', '--fee', '99999999999999999999'], NOW);
    expect(fee).toMatchObject({ code: 1, stderr: 'hall: 错误: --fee "99999999999999999999" 无效：金额过大，不能超过 100000000 元\n' });
    const file = join(tempDir(), 'absurd.csv');
    writeFileSync(
      file,
      '事项编码,事项名称,实施部门,事项类型,法定时限,承诺时限,收费标准\n' +
        'XK20001000,测试许可,市场监管局,行政许可,20,5,99999999999999999999\n' +
        'XK20002000,测试许可二,市场监管局,行政许可,9999999个工作日,5,0\n',
    );
    const imported = await hall(db, ['items', 'import', file]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('金额过大，不能超过 100000000 元');
    expect(imported.stderr).toContain('时限过长，不能超过 999 天');
    noStack(imported.stderr);
    expect(dump(db)).toBe(before);
  });

  it('refuses complaints and assessment records dated in the future', async () => {
    const db = await withCatalog();
    const before = dump(db);
    const complaint = await hall(db, ['complaint', 'add', '--window', 'W001', '--channel', '12345', '--summary', '态度生硬', '--date', '2025-10-10'], NOW);
    expect(complaint).toMatchObject({ code: 1, stderr: 'hall: 错误: --date "2025-10-10" 无效：晚于当前时间；事件发生后才能登记\n' });
    const record = await hall(db, ['window', 'record', 'W001', '--kind', 'deduction', '--points', '2', '--reason', '脱岗', '--date', '2030-01-01'], NOW);
    expect(record.code).toBe(1);
    expect(record.stderr).toContain('--date "2030-01-01" 无效：晚于当前时间');
    expect(dump(db)).toBe(before);
  });
});

describe('the last resort', () => {
  const broken = (env: Record<string, string>) =>
    run(['--db', join(tempDir(), 'hall.db'), 'init', '--center', '测试中心'], {
      stdout: {
        write: () => {
          throw new TypeError('stdout is gone');
        },
      },
      stderr: { write: (chunk: string) => stderr.push(chunk) },
      stdin: process.stdin,
      env,
    });
  let stderr: string[] = [];

  it('turns anything unexpected into one line and exit 3, with the stack only under HALL_DEBUG=1', async () => {
    stderr = [];
    expect(await broken({})).toBe(3);
    expect(stderr.join('')).toBe(
      'hall: 错误: 内部错误：stdout is gone；这是 hall 的缺陷，请把所用命令和这条信息报告给维护人员（设 HALL_DEBUG=1 可看详细信息）\n',
    );
    stderr = [];
    expect(await broken({ HALL_DEBUG: '1' })).toBe(3);
    expect(stderr.join('')).toMatch(/\n {2}TypeError: stdout is gone\n\s+at /);
  });
});

describe('a reader that goes away', () => {
  it('stops writing and exits 0 quietly when the pipe closes', async () => {
    const db = await withCatalog();
    for (const command of ['calendar show', 'items export', 'items list --format csv', 'calendar show --format json']) {
      const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" --db "${db}" ${command} | head -c 0`], { encoding: 'utf8' });
      expect(result.stderr, command).toBe('');
      expect(result.status, command).toBe(0);
    }
  });
});

describe('a directory where a file belongs', () => {
  it('refuses a database path that is a directory (exit 3) and an import file that is one (exit 1)', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'db'));
    const asDb = await hall(join(dir, 'db'), ['items', 'list']);
    expect(asDb.code).toBe(3);
    noStack(asDb.stderr);
    const db = await freshDb();
    const asFile = await hall(db, ['items', 'import', dir]);
    expect(asFile.code).toBe(1);
    noStack(asFile.stderr);
  });
});

describe('a header of thousands of stray columns', () => {
  it('warns once, naming the first ten and the count', async () => {
    const db = await freshDb();
    const stray = Array.from({ length: 12_000 }, (_, index) => `列${index + 1}`);
    const file = join(tempDir(), 'wide.csv');
    writeFileSync(file, `日期,类型,${stray.join(',')}\n2027-10-01,holiday,${stray.map(() => '').join(',')}\n`);
    const result = await hall(db, ['calendar', 'import', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      `hall: 警告: 忽略 12000 个未知列：${stray
        .slice(0, 10)
        .map((name) => `"${name}"`)
        .join('、')} 等（只列出前 10 个）\n`,
    );
  });
});
