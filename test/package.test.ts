/**
 * The offline install package (`npm run package`, .ci/package.mjs): built from the dist/ the global
 * setup just compiled, unpacked into a fresh directory outside the repo (no node_modules above it),
 * and run with the registry unreachable — what an intranet (政务内网) machine with only Node has.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { workbook } from './xlsx-workbook.js';

const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const NAME = `hall-${VERSION}`;
const TARBALL = `${NAME}-${process.platform}-${process.arch}.tar.gz`;
const NOW = '2025-11-03T08:30:00+08:00';

let work = '';
let entries: string[] = [];
let home = '';

/** A machine with Node on PATH and nothing else: no registry, no NODE_PATH, no project node_modules. */
function offline(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: [dirname(process.execPath), '/usr/bin', '/bin'].join(':'),
    HOME: work,
    LANG: 'C.UTF-8',
    npm_config_offline: 'true',
    npm_config_registry: 'http://127.0.0.1:9/',
    ...extra,
  };
}

function hall(args: string[], env: Record<string, string> = {}, bin = join(home, 'bin', 'hall')) {
  const result = spawnSync(bin, args, { cwd: work, encoding: 'utf8', env: offline(env) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(process.platform === 'win32')('the offline install package', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'hall-package-test-'));
    const out = join(work, 'out');
    const built = spawnSync(process.execPath, [join(ROOT, '.ci', 'package.mjs'), '--out', out, '--dist', join(ROOT, 'dist')], { encoding: 'utf8' });
    expect(built.status, `${built.stdout}${built.stderr}`).toBe(0);
    const tarball = join(out, TARBALL);
    expect(built.stdout).toContain(tarball);
    entries = spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    const unpacked = spawnSync('tar', ['xzf', tarball, '-C', work], { encoding: 'utf8' });
    expect(unpacked.status, unpacked.stderr).toBe(0);
    home = join(work, NAME);
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the compiled code, the launcher, the README, the fixtures and a built better-sqlite3', () => {
    for (const file of [
      'bin/hall',
      'bin/hall.js',
      'dist/cli/main.js',
      'package.json',
      'README.md',
      'fixtures/demo-catalog.csv',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/commander/package.json',
      'node_modules/write-excel-file/package.json',
      'node_modules/read-excel-file/package.json',
    ]) {
      expect(entries, file).toContain(`${NAME}/${file}`);
    }
    expect(entries.every((entry) => entry.startsWith(`${NAME}/`))).toBe(true);
  });

  it('holds no devDependencies, no TypeScript sources and no native build leftovers', () => {
    const offending = entries.filter(
      (entry) =>
        /\/node_modules\/(vitest|typescript|@biomejs|@vitest|vite|@types)\//.test(entry) ||
        entry.startsWith(`${NAME}/src/`) ||
        entry.startsWith(`${NAME}/test/`) ||
        /\/better-sqlite3\/(deps|src)\//.test(entry) ||
        /\/better-sqlite3\/build\/Release\/(obj|obj\.target)\//.test(entry) ||
        /\.(a|o|gyp)$/.test(entry) ||
        /^[^/]+\/(?!node_modules\/).*\.ts$/.test(entry),
    );
    expect(offending).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(home, 'package.json'), 'utf8'));
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.hallPackage.nodeModuleVersion).toBe(process.versions.modules);
  });

  it('runs init and demo from a fresh directory with the registry unreachable', () => {
    for (let dir = work; dirname(dir) !== dir; dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules')), `${dir}/node_modules`).toBe(false);

    const init = hall(['--db', 'x.db', 'init', '--center', '测试中心']);
    expect(init, init.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('中心：测试中心');

    const demo = hall(['--db', 'x.db', 'demo'], { HALL_NOW: NOW });
    expect(demo, demo.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(demo.stdout).toContain('已建成示范中心"测试中心"');
    expect(demo.stdout).toContain('测试中心 2025年10月 政务服务月度统计');

    // The Excel writer (write-excel-file, fflate) and an online backup work from the package too.
    const xlsx = hall(['--db', 'x.db', 'report', 'monthly', '--month', 'last', '--format', 'xlsx', '--out', 'r.xlsx'], { HALL_NOW: NOW });
    expect(xlsx, xlsx.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(work, 'r.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect(hall(['--db', 'x.db', 'backup', 'b.db']).code).toBe(0);

    // And the Excel reader (read-excel-file, loaded only for an .xlsx import).
    writeFileSync(
      join(work, '目录.xlsx'),
      workbook([
        {
          name: '事项',
          rows: [
            ['事项编码', '事项名称', '实施部门', '事项类型', '承诺时限'],
            ['XK90001000', '离线测试事项', '市场监管局', '行政许可', 5],
          ],
        },
      ]),
    );
    const imported = hall(['--db', 'x.db', 'items', 'import', '目录.xlsx']);
    expect(imported, imported.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toContain('已导入 目录.xlsx（工作表"事项"）');
  }, 60_000);

  it('runs through a symlink on PATH, and refuses a Node it was not built for', () => {
    const link = join(work, 'hall-link');
    symlinkSync(join(home, 'bin', 'hall'), link);
    const viaLink = hall(['--db', 'x.db', 'calendar', 'add', '2025-09-30', '1'], {}, link);
    expect(viaLink, viaLink.stderr).toEqual({ code: 0, stdout: '2025-10-09\n', stderr: '' });

    const fakeNode = join(work, 'node22');
    writeFileSync(fakeNode, '#!/bin/sh\necho v22.0.0\n', { mode: 0o755 });
    const wrong = hall(['--help'], { HALL_NODE: fakeNode });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`需要 Node.js ${process.versions.node.split('.')[0]}`);
  });
});
