/**
 * `hall report network` (SPEC §7.4): packs of several centers summed and ranked. The
 * additivity test splits one history between two centers' databases and finds the
 * network sum of their packs equal, count for count and rate for rate, to the pack of
 * the database that holds it all. Every refusal names its file and exits 1.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../src/core/assessment.js';
import { reportDigest } from '../src/core/canonical.js';
import type { CenterLevel } from '../src/core/center.js';
import { combinedFigures, emptyCombinedCounts, emptyCounts, emptyReviewCounts, groupFigures, reviewFigures, yearToDateFigures } from '../src/core/metrics.js';
import { type NetworkCenter, rankCenters } from '../src/core/network.js';
import { fixture, hall } from './helpers.js';

const NOW = { HALL_NOW: '2025-11-03T08:30:00+08:00' };

async function ok(db: string, args: string[], env: Record<string, string> = NOW): Promise<string> {
  const result = await hall(db, args, env);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** A small, seeded history: every case of the demo catalog's windows in September and October 2025. */
function history(): { header: string; groups: { window: string; rows: string[] }[] } {
  const catalog = readFileSync(fixture('demo-catalog.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[9] !== '')
    .map((cells) => ({ code: cells[0]!, window: cells[9]!, immediate: cells[5] === '即办', days: Number.parseInt(cells[5]!, 10) || 1 }));
  let seed = 20251031;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const groups: { window: string; rows: string[] }[] = [];
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let index = 0; index < 260; index++) {
    const item = catalog[next(catalog.length)]!;
    const month = next(3) === 0 ? 9 : 10;
    const day = 1 + next(month === 9 ? 30 : 31);
    const accepted = `2025-${pad(month)}-${pad(day)} 09:${pad(next(50))}`;
    const refused = next(40) === 0;
    const open = !refused && next(6) === 0;
    // Some concluded past their promised days: overdue cases for the on_time component.
    const after = item.immediate ? 0 : next(Math.round(item.days * 1.6) + 1);
    const end = new Date(Date.UTC(2025, month - 1, day + after));
    const concludedDay = end.toISOString().slice(0, 10);
    const concluded = refused || open || concludedDay > '2025-11-02' ? '' : `${concludedDay} ${after === 0 ? '10' : '15'}:${pad(next(59))}`;
    const outcome = refused ? '不予受理' : concluded === '' ? '' : next(15) === 0 ? '不予许可' : '准予';
    const rating = concluded !== '' && next(2) === 0 ? String(1 + next(5)) : '';
    const onSite = concluded !== '' && next(3) === 0 ? '是' : '';
    groups.push({ window: item.window, rows: [`,${item.code},申请人${index},,,${accepted},${concluded},${outcome},,${rating},,,${onSite},,`] });
  }
  // The combined cases (一件事) of fixtures/cases-combined.csv, each with its parts, in the center of its first part's window.
  const [header, ...rows] = readFileSync(fixture('cases-combined.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const windowOf = new Map(catalog.map((item) => [item.code, item.window]));
  const combined = new Map<string, string[]>();
  for (const row of rows) {
    const key = row.split(',')[14] || row;
    combined.set(key, [...(combined.get(key) ?? []), row]);
  }
  for (const parts of combined.values()) groups.push({ window: windowOf.get(parts[0]!.split(',')[1]!)!, rows: parts });
  return { header: header!, groups };
}

/** A database with the demo catalog and bundles, a center code, and the given cases and complaints. */
async function center(dir: string, name: string, code: string | null, csv: string | null, complaints: string[]): Promise<string> {
  const db = join(dir, `${name}.db`);
  await ok(db, ['init', '--center', name, ...(code === null ? [] : ['--center-code', code])]);
  await ok(db, ['items', 'import', fixture('demo-catalog.csv')]);
  await ok(db, ['bundles', 'import', fixture('bundles.csv')]);
  if (csv !== null) {
    const file = join(dir, `${name}.csv`);
    writeFileSync(file, csv);
    await ok(db, ['cases', 'import', file]);
  }
  for (const window of complaints) {
    await ok(db, ['complaint', 'add', '--window', window, '--channel', '12345', '--summary', '等候时间长'], { HALL_NOW: '2025-10-13T10:00:00+08:00' });
  }
  return db;
}

async function pack(db: string, out: string, month = '2025-10'): Promise<string> {
  await ok(db, ['report', 'monthly', '--month', month, '--format', 'json', '--out', out]);
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: the reports' JSON, read back as a county reads it
type Json = any;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));

describe('report network', () => {
  let dir: string;
  let county: string;
  let inbox: string;
  let whole: Json;
  let townA: string;
  let townB: string;

  beforeAll(async () => {
    // Shared by every test below (helpers' tempDir is emptied after each one).
    dir = mkdtempSync(join(tmpdir(), 'hall-network-'));
    const { header, groups } = history();
    const inA = (window: string) => /^[ABC]/.test(window);
    const csv = (pick: (window: string) => boolean) =>
      `${[header, ...groups.filter((group) => pick(group.window)).flatMap((group) => group.rows)].join('\n')}\n`;
    // One database with every case; two town databases with the cases of their windows.
    const all = await center(
      dir,
      '全部',
      '330681100',
      csv(() => true),
      ['A01', 'D01', 'D01'],
    );
    const a = await center(dir, '甲镇', '330681101', csv(inA), ['A01']);
    const b = await center(
      dir,
      '乙镇',
      '330681102',
      csv((window) => !inA(window)),
      ['D01', 'D01'],
    );
    whole = readJson(await pack(all, join(dir, 'whole.json')));
    inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    townA = await pack(a, join(inbox, 'a.json'));
    townB = await pack(b, join(inbox, 'b.json'));
    county = await center(dir, '某县政务服务中心', '330681', null, []);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sums two halves of one history back to its own pack, count for count and rate for rate', async () => {
    const out = join(dir, 'network.json');
    await ok(county, ['report', 'network', townA, townB, '--format', 'json', '--out', out]);
    const network = readJson(out);
    expect(whole.totals.accepted).toBeGreaterThan(100);
    expect(whole.totals.overdue).toBeGreaterThan(0);
    expect(whole.totals.reviews.opened).toBeGreaterThan(0);
    expect(whole.bundles.length).toBeGreaterThan(0);
    expect(network.totals).toEqual(whole.totals);
    expect(network.items).toEqual(whole.items);
    expect(network.types).toEqual(whole.types);
    expect(network.departments).toEqual(whole.departments);
    expect(network.bundles).toEqual(whole.bundles);
    expect(network.period).toEqual(whole.period);
    // Each center as its pack has it; the envelope is the county's.
    expect(network.centers.map((entry: Json) => [entry.code, entry.name, entry.level])).toEqual([
      ['330681101', '甲镇', 'town'],
      ['330681102', '乙镇', 'town'],
    ]);
    expect(network.centers[0]).toMatchObject(readJson(townA).totals);
    expect(network).toMatchObject({ kind: 'network', schema: 1, center_code: '330681', center_level: 'county' });
    expect(network.digest).toBe(reportDigest(network));
  });

  it('reads a directory, skips and names what is not .json, and prints every section within 80 columns', async () => {
    writeFileSync(join(inbox, '说明.txt'), '各镇月报');
    const result = await hall(county, ['report', 'network', inbox], NOW, true);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`跳过 ${join(inbox, '说明.txt')}：不是 .json 文件，未计入汇总`);
    for (const title of ['各中心办件统计表', '合计', '事项', '类型', '部门', '一件事', '中心效能排位表']) expect(result.stdout).toContain(`\n${title}\n`);
    for (const line of result.stdout.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    const csv = await hall(county, ['report', 'network', inbox, '--format', 'csv', '--section', 'ranking'], NOW);
    expect(csv.stdout.split('\n')[0]).toContain('排位');
  });

  it('ranks centers within their level, with shared ranks and a center with nothing to rank last', async () => {
    const rankDir = join(dir, 'rank');
    mkdirSync(rankDir);
    // A town whose database is a copy of 甲镇's: the same figures, the same score, the same rank.
    const twin = join(dir, '丙镇.db');
    copyFileSync(join(dir, '甲镇.db'), twin);
    await ok(twin, ['init', '--center', '丙镇', '--center-code', '330681103']);
    // A village station that concluded nothing and holds nothing overdue: not ranked.
    const village = await center(dir, '丁村', '330681101201', null, []);
    for (const [db, name] of [
      [join(dir, '甲镇.db'), 'a'],
      [join(dir, '乙镇.db'), 'b'],
      [twin, 'c'],
      [village, 'd'],
    ] as const) {
      await pack(db, join(rankDir, `${name}.json`));
    }
    const out = join(dir, 'ranked.json');
    await ok(county, ['report', 'network', rankDir, '--format', 'json', '--out', out]);
    const { ranking } = readJson(out);
    const [a, b, c] = ['330681101', '330681102', '330681103'].map((code) => ranking.find((entry: Json) => entry.code === code));
    // The twin shares 甲镇's score and rank; the next rank after a tie skips (1, 1, 3).
    expect([c.score, c.rank]).toEqual([a.score, a.rank]);
    expect(a.score).not.toBe(b.score);
    if (a.score > b.score) expect([a.rank, b.rank]).toEqual([1, 3]);
    else expect([b.rank, a.rank]).toEqual([1, 2]);
    const towns = ranking.filter((entry: Json) => entry.level === 'town');
    expect(towns.map((entry: Json) => entry.code)).toEqual(a.score > b.score ? [a.code, c.code, b.code] : [b.code, a.code, c.code]);
    expect(ranking.at(-1)).toEqual({
      code: '330681101201',
      name: '丁村',
      level: 'village',
      rank: null,
      score: null,
      components: { on_time: null, on_site: null, satisfaction: null, complaints: 10, discipline: null, bonus: null },
      not_ranked_reason: 'no_concluded_cases',
    });
  });

  describe('refuses, naming the file (exit 1)', () => {
    const refused = async (args: string[], says: string) => {
      const result = await hall(county, ['report', 'network', ...args], NOW);
      expect(result.stderr).toContain(says);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toBe('');
    };
    const edited = (name: string, change: (pack: Json) => void, seal: boolean) => {
      const pack = readJson(townA);
      change(pack);
      if (seal) pack.digest = reportDigest(pack);
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(pack, null, 2));
      return path;
    };

    it('a pack edited by hand: one number changed, the digest kept', async () => {
      const path = edited('edited.json', (pack) => (pack.totals.accepted += 1), false);
      await refused([townB, path], `${path} 的内容与其 digest 不符：文件在生成后被改动过`);
    });

    it('a file that is not JSON, or not a monthly pack', async () => {
      const notJson = join(dir, 'not.json');
      writeFileSync(notJson, '受理 776 件');
      await refused([townA, notJson], `${notJson} 不是有效的 JSON`);
      const other = join(dir, 'other.json');
      writeFileSync(other, '{"accepted": 776}');
      await refused([other], `${other} 不是hall report monthly --format json 写出的月度统计`);
      const network = join(dir, 'network-again.json');
      await ok(county, ['report', 'network', townA, '--format', 'json', '--out', network]);
      await refused([townA, network], `${network} 不是hall report monthly --format json 写出的月度统计（network）`);
    });

    it('an assessment', async () => {
      const assessment = join(dir, 'assessment.json');
      await ok(join(dir, '甲镇.db'), ['report', 'assessment', '--month', '2025-10', '--format', 'json', '--out', assessment]);
      await refused([townB, assessment], `${assessment} 是窗口考核，不是月度统计`);
    });

    it('packs of different periods', async () => {
      const september = await pack(join(dir, '乙镇.db'), join(dir, 'b-09.json'), '2025-09');
      await refused([townA, september], `${september} 的统计时段 2025-09-01–2025-09-30 与 ${townA} 的 2025-10-01–2025-10-31 不同`);
    });

    it('two packs of one center', async () => {
      const again = join(dir, 'a-again.json');
      copyFileSync(townA, again);
      await refused([townA, townB, again], `${again} 与 ${townA} 是同一中心（330681101）的月度统计`);
    });

    it('a pack without a center code', async () => {
      const db = await center(dir, '无代码', null, null, []);
      const path = await pack(db, join(dir, 'no-code.json'));
      await refused([townA, path], `${path} 没有中心代码（行政区划代码）；该中心须先运行 hall init --center-code`);
    });

    it('a pack of a newer or an older schema', async () => {
      const newer = edited('newer.json', (pack) => (pack.schema = 2), true);
      await refused([newer], `${newer} 的格式版本（schema 2）与本 hall 读取的版本 1 不同`);
      const older = edited('older.json', (pack) => (pack.schema = 0), true);
      await refused([older], `${older} 的格式版本（schema 0）与本 hall 读取的版本 1 不同`);
      const before = edited(
        'before-envelope.json',
        (pack) => {
          for (const key of ['kind', 'schema', 'center_code', 'center_level', 'digest']) delete pack[key];
        },
        false,
      );
      await refused([before], `${before} 的格式版本（schema none）`);
    });

    it('an empty directory, no file at all, a missing file', async () => {
      const empty = join(dir, 'empty');
      mkdirSync(empty);
      writeFileSync(join(empty, 'readme.txt'), '');
      await refused([empty], `目录 ${empty} 中没有 .json 文件`);
      await refused([], '没有给出月度统计文件');
      await refused([join(dir, '没有.json')], `找不到文件 ${join(dir, '没有.json')}`);
    });
  });
});

describe('rankCenters', () => {
  const centerOf = (code: string, level: CenterLevel, counts: Partial<ReturnType<typeof emptyCounts>>): NetworkCenter => ({
    code,
    name: code,
    level,
    ...groupFigures({ ...emptyCounts(true), ...counts }, 21),
    reviews: reviewFigures(emptyReviewCounts()),
    ytd: { from: '2025-01-01', to: '2025-10-31', ...yearToDateFigures(groupFigures(emptyCounts(true), 0)) },
    previous: { from: '2025-09-01', to: '2025-09-30', accepted: 0, concluded: 0 },
    combined: combinedFigures(emptyCombinedCounts()),
  });

  it('scores each center as §6.3 scores a window, without discipline and bonus, and ranks within the level', () => {
    const ranking = rankCenters(
      [
        // 8 concluded, 6 on time, 2 late, 1 open overdue: on_time = 35 × 6 / 9.
        centerOf('330681102', 'town', { concluded: 8, on_time: 6, overdue: 3, on_site: 4, evaluations: 10, good: 8, neutral: 1, bad: 1, substantiated: 1 }),
        centerOf('330681101', 'town', { concluded: 4, on_time: 4, on_site: 4, evaluations: 2, good: 2 }),
        centerOf('330681103', 'town', { concluded: 4, on_time: 4, on_site: 4, evaluations: 2, good: 2 }),
        // Nothing concluded but a case in hand past its deadline: ranked, on_time 0.
        centerOf('330681104', 'town', { overdue: 1 }),
        centerOf('330681105', 'town', {}),
        centerOf('330681', 'county', { concluded: 1, on_time: 1, on_site: 1 }),
      ],
      DEFAULT_RUBRIC,
    );
    expect(ranking.map((entry) => [entry.level, entry.code, entry.rank, entry.score])).toEqual([
      ['county', '330681', 1, 100],
      ['town', '330681101', 1, 100],
      ['town', '330681103', 1, 100],
      // (35 × 6/9 + 25 × 0.5 + 20 × 0.9 + 10 − 5) ÷ 90 × 100
      ['town', '330681102', 3, Math.round((((35 * 6) / 9 + 12.5 + 18 + 5) / 0.9) * 100) / 100],
      // on_time 0 of 35, complaints 10 of 10: 10 ÷ 45 × 100
      ['town', '330681104', 4, 22.22],
      ['town', '330681105', null, null],
    ]);
    expect(ranking[3]!.components).toEqual({ on_time: (35 * 6) / 9, on_site: 12.5, satisfaction: 18, complaints: 5, discipline: null, bonus: null });
    expect(ranking.at(-1)!.not_ranked_reason).toBe('no_concluded_cases');
  });
});
