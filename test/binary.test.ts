/** A few runs of the real binary (`bin/hall.js` on the compiled dist/), asserting stdout, stderr and exit code exactly. */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, freshDb, ROOT, tempDir } from './helpers.js';

const BIN = join(ROOT, 'bin', 'hall.js');

function hallBin(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HALL_NOW: '2025-10-09T09:30:00+08:00', HALL_OPERATOR: 'tester', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the hall binary', () => {
  it('prints the date N working days later', async () => {
    const db = await freshDb();
    expect(hallBin(['--db', db, 'calendar', 'add', '2025-09-30', '1'])).toEqual({ code: 0, stdout: '2025-10-09\n', stderr: '' });
  });

  it('imports a catalog and prints the summary', async () => {
    const db = await freshDb();
    const result = hallBin(['--db', db, 'items', 'import', fixture('catalog-utf16le.txt')]);
    expect(result).toEqual({
      code: 0,
      stdout: `已导入 ${fixture('catalog-utf16le.txt')}（编码 utf-16le）\n数据行 2：新增 2，更新 0，未变 0，拒绝 0\n新建部门 1 个：民政局\n新建窗口 1 个：W001 民政窗口\n`,
      stderr: '',
    });
  });

  it('refuses a bad row with exit 1 and the row on stderr', async () => {
    const db = await freshDb();
    const result = hallBin(['--db', db, '--lang', 'en', 'items', 'import', fixture('errors/unknown-type.csv')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `hall: error: ${fixture('errors/unknown-type.csv')}: 1 invalid row(s); nothing was written (--skip-invalid imports the valid rows only)\n` +
        '  row 1 (line 2), column 事项类型 = "行政审批": unknown item type; allowed: 行政许可, 行政处罚, 行政强制, 行政征收, 行政给付, 行政检查, 行政确认, 行政奖励, 行政裁决, 其他行政权力, 公共服务, 非行政许可, 初审, or the codes 01–10 and 20\n',
    );
  });

  it('exits 2 on an unknown flag: one line and where the help is', async () => {
    expect(hallBin(['items', 'list', '--bogus'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hall: 用法错误: 未知选项 --bogus\n  查看帮助：hall items list --help\n',
    });
  });

  it('exits 3 on a file that is not a database, without a stack trace', async () => {
    const notDb = join(tempDir(), 'notes.db');
    copyFileSync(fixture('not-a-database.sqlite'), notDb);
    expect(hallBin(['--db', notDb, 'doctor'])).toEqual({
      code: 3,
      stdout: '',
      stderr: `hall: 错误: ${notDb} 不是 SQLite 数据库（文件头不符），未作任何改动\n`,
    });
  });

  it('registers a case and prints the number and both deadlines', async () => {
    const db = await freshDb();
    hallBin(['--db', db, 'items', 'import', fixture('catalog-gb18030.csv')]);
    const result = hallBin(['--db', db, 'case', 'register', '--item', 'XK10001000', '--applicant', '张三'], { HALL_NOW: '2025-09-30T10:00:00+08:00' });
    expect(result).toEqual({
      code: 0,
      stdout:
        '已受理：20250930-0001，承诺期限 2025-10-14，法定期限 2025-11-04\n' +
        '办件 20250930-0001：XK10001000 食品经营许可；申请人 张三\n' +
        '状态：办理中；环节：受理；窗口：W001；渠道：窗口；收费：0 元\n' +
        '承诺期限：2025-10-14（5个工作日）；法定期限：2025-11-04\n' +
        '已用 0 个工作日；剩余 5 个工作日\n',
      stderr: '',
    });
    const illegal = hallBin(['--db', db, 'case', 'resume', '20250930-0001']);
    expect(illegal).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'hall: 错误: 办件 20250930-0001 当前状态为"办理中"，不能恢复（resume）；可执行：advance（推进）、supplement（补正）、suspend（特别程序）、conclude（办结）、withdraw（撤回）\n',
    });
  });

  it('exits 0 on help', async () => {
    const result = hallBin(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('用法： hall [options] [command]');
  });
});
