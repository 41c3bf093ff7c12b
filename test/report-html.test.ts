/**
 * `--format html` (SPEC §7.7): the report as one self-contained A4 page, read back without
 * a browser. Its bulletin figures and the previous period's are the JSON's; every table's
 * cells are the section's CSV; each chart is an SVG with its marks and names; the twelve
 * months count as twelve monthly packs do. Every refusal with its exit code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { rateAxis } from '../src/io/report-charts.js';
import { pageCase } from '../src/report/page.js';
import { percent } from '../src/report/section.js';
import { monthSeries, periodBulletin } from '../src/store/report-series.js';
import { fixture, freshDb, hall, ROOT, tempDir } from './helpers.js';

const NOW = { HALL_NOW: '2026-02-03T08:30:00+08:00' };
const BULLETIN = ['entry_rate', 'authorization_rate', 'on_site_rate', 'on_time_rate', 'satisfied_rate', 'bad_rate', 'complaint_rate'] as const;

let dir = '';
let db = '';

async function ok(database: string, args: string[]): Promise<string> {
  const result = await hall(database, args, NOW);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const json = async (args: string[]) => JSON.parse(await ok(db, [...args, '--format', 'json']));

/** A demo center with a center code: August 2025 to January 2026, across a year's end. */
async function demoCenter(path: string, name: string, code: string, seed: string): Promise<void> {
  await ok(path, ['init', '--center', name, '--center-code', code]);
  await ok(path, ['demo', '--months', '6', '--seed', seed, '--cases-per-day', '12', '--format', 'json']);
}

beforeAll(async () => {
  // Not tempDir(): that is emptied after each test, and this center serves them all.
  dir = mkdtempSync(join(tmpdir(), 'hall-html-'));
  db = join(dir, 'center.db');
  await demoCenter(db, '示范镇便民服务中心', '330681101', '1');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function page(args: string[], name = 'page.html'): Promise<string> {
  const out = join(tempDir(), name);
  await ok(db, [...args, '--out', out]);
  return readFileSync(out, 'utf8');
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decodeEntities = (value: string) => value.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);

/** The HTML of one `<section data-section=…>` (sections do not nest inside one another's tables). */
function sectionHtml(html: string, name: string): string {
  const start = html.indexOf(`data-section="${name}"`);
  expect(start, `section ${name}`).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</section>', start));
}

/** A CSV cell as written before the formula guard of SPEC §5 (a spreadsheet's concern, not a page's). */
const unguarded = (rows: string[][]) => rows.map((row) => row.map((cell) => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell)));

/** The section's CSV, read back. */
async function csvOf(args: string[]): Promise<string[][]> {
  return unguarded(parse(await ok(db, [...args, '--format', 'csv']), { relax_column_count: true }) as string[][]);
}

/** The rows of the section's table as text, its header first; the "(none)" row of an empty table left out. */
function tableRows(fragment: string): string[][] {
  const rows = [...fragment.matchAll(/<tr([^>]*)>(.*?)<\/tr>/gs)].filter(([, attributes]) => !attributes!.includes('empty'));
  return rows.map(([, , cells]) => [...cells!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map(([, cell]) => decodeEntities(cell!)));
}

/** The classes of a section: how it is laid out. */
function classes(html: string, name: string): string[] {
  return new RegExp(`<section class="([^"]*)" data-section="${name}">`).exec(html)![1]!.split(' ');
}

function chartHtml(html: string, name: string): string {
  const start = html.indexOf(`data-chart="${name}"`);
  expect(start, `chart ${name}`).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</figure>', start));
}

/** The seven figures as a page shows them: each figure's value, and the previous period's. */
function figures(html: string): Record<string, { value: string; previous: string | null }> {
  const found: Record<string, { value: string; previous: string | null }> = {};
  // One figure a line.
  for (const [, key, box] of html.matchAll(/^<div class="figure" data-figure="(\w+)">(.*)$/gm)) {
    found[key!] = {
      value: /<div class="value">([^<]*)<\/div>/.exec(box!)![1]!,
      previous: /<span class="previous-value">([^<]*)<\/span>/.exec(box!)?.[1] ?? null,
    };
  }
  return found;
}

const shown = (value: number | null) => percent(value) ?? '—';

describe('the monthly page', () => {
  let html = '';
  beforeAll(async () => {
    html = await page(['report', 'monthly', '--month', '2026-01', '--format', 'html']);
  });

  it('is one self-contained document for A4: no script, nothing fetched, headers repeated on each printed page', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<title>示范镇便民服务中心 2026年1月 政务服务月度统计<\/title>/);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|<object|<embed|@import/i);
    // url() only names a clip path within the page.
    expect(html.match(/url\([^)]*\)/g)?.every((reference) => /^url\(#[\w-]+\)$/.test(reference))).toBe(true);
    expect(html).not.toMatch(/\s(src|href|xlink:href)\s*=/i);
    // The only addresses are the SVG namespaces, which a browser never fetches.
    const addresses = [...html.matchAll(/https?:\/\/[^\s"')]+/g)].map(([address]) => address);
    expect(new Set(addresses)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('@page wide { size: A4 landscape;');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toContain('tr { break-inside: avoid; }');
    // The CJK fonts by name only, quoted so the SVG's style attributes stay whole.
    expect(html).toContain("font-family:'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif");
  });

  it('names the center, its code and level, the period and when it was made', () => {
    expect(html).toContain('<p class="center">示范镇便民服务中心（行政区划代码 330681101，乡镇）</p>');
    expect(html).toContain('<h1>2026年1月 政务服务月度统计</h1>');
    expect(html).toContain('统计时段 2026-01-01 至 2026-01-31；在办与超期按 2026-01-31 计；生成于 2026-02-03 08:30');
  });

  it('shows the seven bulletin figures of the month beside last month’s, as the reports compute them', async () => {
    const month = await json(['report', 'monthly', '--month', '2026-01']);
    const before = await json(['report', 'monthly', '--month', '2025-12']);
    const assessedBefore = await json(['report', 'assessment', '--month', '2025-12']);
    const derived = (report: { catalog: Record<string, number | null>; totals: { rates: Record<string, number | null> } }) => ({
      entry_rate: report.catalog.entry_rate!,
      authorization_rate: report.catalog.authorization_rate!,
      on_site_rate: report.totals.rates.on_site!,
      on_time_rate: report.totals.rates.on_time!,
      satisfied_rate: report.totals.rates.satisfied!,
      bad_rate: report.totals.rates.bad!,
      complaint_rate: report.totals.rates.complaint!,
    });
    // The monthly pack's seven are the assessment's bulletin of the same month.
    expect(derived(before)).toEqual(assessedBefore.bulletin);
    const shownFigures = figures(html);
    expect(Object.keys(shownFigures)).toEqual([...BULLETIN]);
    for (const key of BULLETIN) {
      expect(shownFigures[key], key).toEqual({ value: shown(derived(month)[key]), previous: shown(assessedBefore.bulletin[key]) });
    }
    // The period named is what the figures are compared with, not theirs; each box says last month's figure.
    expect(html).toContain('<span class="comparison">与上月（2025-12）比较</span>');
    expect(html).toMatch(/<div class="previous">上月 <span class="previous-value">/);
  });

  it('sets every section out as a table whose cells are that section’s CSV', async () => {
    const names = [...html.matchAll(/data-section="(\w+)"/g)].map(([, name]) => name!);
    expect(names).toEqual([
      'summary',
      'rates',
      'catalog',
      'windows',
      'departments',
      'items',
      'types',
      'bundles',
      'fees',
      'overdue',
      'evaluations',
      'reviews',
      'complaints',
    ]);
    for (const name of names) {
      const csv = await csvOf(['report', 'monthly', '--month', '2026-01', '--section', name]);
      expect(tableRows(sectionHtml(html, name)), name).toEqual(csv);
    }
    // The 合计 row in bold, figures right-aligned.
    expect(sectionHtml(html, 'windows')).toMatch(/<tr class="total"><td>合计<\/td>/);
    expect(sectionHtml(html, 'windows')).toMatch(/<td class="number">\d+<\/td>/);
    // A table needing landscape's width is on a landscape page (on screen too), a narrow one on a portrait page; the
    // tables begin on a page of their own, a short one following another on its page while both fit.
    expect(classes(html, 'windows')).toEqual(expect.arrayContaining(['wide', 'landscape']));
    for (const name of ['summary', 'rates', 'fees', 'evaluations']) expect(classes(html, name), name).not.toContain('landscape');
    expect(classes(html, 'summary')).toContain('new-page');
    expect(classes(html, 'rates')).not.toContain('new-page');
    expect(classes(html, 'items')).toContain('new-page');
    // 窗口名称 is kept on one line.
    expect(classes(html, 'windows')).toContain('unbroken-2');
  });

  it('draws the windows, the twelve months and the ratings as SVG charts with their marks and names', async () => {
    const month = await json(['report', 'monthly', '--month', '2026-01']);
    const windows = chartHtml(html, 'windows');
    expect(windows).toContain('<figcaption>各窗口受理件数与按时办结率</figcaption>');
    expect(windows).toMatch(/<svg [^>]*viewBox="0 0 680 \d+"/);
    expect(windows.match(/<path d="M[^"]+Z?"[^>]*fill="#8eabd3"/g)?.length ?? 0).toBeGreaterThanOrEqual(
      month.windows.filter((w: { accepted: number }) => w.accepted > 0).length,
    );
    for (const window of month.windows) expect(windows).toContain(`>${window.name}</text>`);
    // The bars carry their counts.
    for (const window of month.windows.filter((w: { accepted: number }) => w.accepted > 0)) expect(windows).toContain(`>${window.accepted}</text>`);

    const months = chartHtml(html, 'months');
    expect(months).toContain('近十二个月受理件数与按时办结率（2025年2月—2026年1月）');
    // The demo begins in August 2025: February to July have no data, which the note says, and no bar.
    expect(months).toContain(
      '<p class="chart-note">近十二个月：受理按受理日期、按时办结率按办结日期所在月份计，口径同月度统计；数据自2025年8月起，此前各月无数据</p>',
    );
    // The rates on an axis from their lowest rounded down, not along the top of 0–100%.
    const { min } = rateAxis(month.windows.map(({ rates }: { rates: { on_time: number | null } }) => (rates.on_time === null ? null : rates.on_time * 100)));
    expect(min).toBeGreaterThan(0);
    expect(windows).toContain(`>${min}%</text>`);
    expect(windows).not.toContain('>0%</text>');
    for (const label of ['2月', '12月', '1月']) expect(months).toContain(`>${label}</text>`);
    expect(months).toContain(`>${month.totals.accepted}</text>`);
    expect(months).toContain(`>${shown(month.totals.rates.on_time)}</text>`);

    const ratings = chartHtml(html, 'evaluations');
    for (const window of month.windows.filter((w: { evaluations: number }) => w.evaluations > 0)) expect(ratings).toContain(`>${window.name}</text>`);
    for (const level of ['好评', '中评', '差评']) expect(ratings).toContain(`>${level}</text>`);
  });

  it('is in English with --lang en', async () => {
    const english = await page(['--lang', 'en', 'report', 'monthly', '--month', '2026-01', '--format', 'html']);
    expect(english.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    // Headings and labels in sentence case on the page (the terminal's words stay as they are).
    expect(english).toContain('<h1>Monthly statistics, 2026-01</h1>');
    expect(english).toContain('<h2>Cases by window</h2>');
    expect(english).toContain('<div class="label">On-time rate</div>');
    expect(english).toContain('<span class="comparison">compared with 2025-12</span>');
    expect(english).toContain('<figcaption>Accepted and on-time rate by window</figcaption>');
    const [head, ...rows] = await csvOf(['--lang', 'en', 'report', 'monthly', '--month', '2026-01', '--section', 'summary']);
    expect(tableRows(sectionHtml(english, 'summary'))).toEqual([head!.map((title) => pageCase(title, 'en')), ...rows]);
  });
});

describe('the assessment page', () => {
  it('marks the red-flag windows among the scores, ranked, and compares with the quarter before', async () => {
    const html = await page(['report', 'assessment', '--quarter', '2025Q4', '--format', 'html']);
    const report = await json(['report', 'assessment', '--quarter', '2025Q4']);
    const before = await json(['report', 'assessment', '--quarter', '2025Q3']);
    expect(html).toContain('<h1>2025年第4季度 窗口考核与效能公示</h1>');
    expect(html).toContain('<span class="comparison">与上季度（2025Q3）比较</span>');
    const shownFigures = figures(html);
    for (const key of BULLETIN) expect(shownFigures[key]).toEqual({ value: shown(report.bulletin[key]), previous: shown(before.bulletin[key]) });

    const scores = chartHtml(html, 'scores');
    const ranked = report.windows.filter((window: { rank: number | null }) => window.rank !== null);
    const flagged = ranked.filter((window: { red_flag: boolean }) => window.red_flag);
    expect(flagged.length).toBeGreaterThan(0);
    // Ranked best first, each with its score; the red flags dark and labelled.
    const names = [...scores.matchAll(/>([^<>★]+窗口)<\/text>/g)].map(([, name]) => name);
    expect(names).toEqual(ranked.map((window: { name: string }) => window.name));
    for (const window of flagged) expect(scores).toContain(`>${window.score.toFixed(2)}  ★ 红旗窗口</text>`);
    expect(scores.match(/★ 红旗窗口<\/text>/g)).toHaveLength(flagged.length);
    expect(scores.match(/<path [^>]*fill="#b0301c"/g)).toHaveLength(flagged.length);

    for (const name of ['scores', 'bulletin', 'ranking']) {
      const csv = await csvOf(['report', 'assessment', '--quarter', '2025Q4', '--section', name]);
      expect(tableRows(sectionHtml(html, name)), name).toEqual(csv);
    }
  });
});

describe('the network page', () => {
  it('shows the five rates it has, no period before, and the centers ranked', async () => {
    const inbox = join(dir, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const other = join(dir, 'other.db');
    await demoCenter(other, '大溪镇便民服务中心', '330681102', '7');
    for (const path of [db, other]) await ok(path, ['report', 'monthly', '--month', '2026-01', '--format', 'json', '--out', `${inbox}/`]);
    const out = join(tempDir(), 'network.html');
    await ok(db, ['report', 'network', inbox, '--out', out]);
    const html = readFileSync(out, 'utf8');
    const report = JSON.parse(await ok(db, ['report', 'network', inbox, '--format', 'json']));
    expect(html).toContain('<h1>2026年1月 各中心汇总统计与效能排位</h1>');
    const shownFigures = figures(html);
    expect(shownFigures).toEqual({
      on_site_rate: { value: shown(report.totals.rates.on_site), previous: null },
      on_time_rate: { value: shown(report.totals.rates.on_time), previous: null },
      satisfied_rate: { value: shown(report.totals.rates.satisfied), previous: null },
      bad_rate: { value: shown(report.totals.rates.bad), previous: null },
      complaint_rate: { value: shown(report.totals.rates.complaint), previous: null },
    });
    expect(html).not.toContain('class="comparison"');
    const ranking = chartHtml(html, 'ranking-town');
    const labels = [...ranking.matchAll(/>(\d+\. [^<]+)<\/text>/g)].map(([, label]) => label);
    expect(labels).toEqual(report.ranking.map((entry: { rank: number; name: string }) => `${entry.rank}. ${entry.name}`));
    for (const entry of report.ranking) expect(ranking).toContain(`>${entry.score.toFixed(2)}</text>`);
    expect(chartHtml(html, 'centers')).toContain('>大溪镇便民服务中心</text>');
    const toScreen = await hall(db, ['report', 'network', inbox, '--format', 'html'], NOW);
    expect(toScreen.code).toBe(2);
    expect(toScreen.stderr).toContain('--format html 是文件格式，不能输出到终端');
    for (const name of ['centers', 'totals', 'ranking']) {
      const csv = await csvOf(['report', 'network', inbox, '--section', name]);
      expect(tableRows(sectionHtml(html, name)), name).toEqual(csv);
    }
  });
});

describe('the twelve months and the period before', () => {
  it('counts each month as that month’s monthly pack does, across a year’s end', async () => {
    const handle = openDatabase(db);
    try {
      for (const end of ['2025-12-31', '2026-01-31']) {
        const series = monthSeries(handle, { from: `${end.slice(0, 7)}-01`, to: end });
        expect(series).toHaveLength(12);
        // The demo's first case is in August 2025: the months before have no data, not zero cases.
        const first = handle.prepare('SELECT min(accepted_date) FROM cases_text').pluck().get() as string;
        expect(first.slice(0, 7)).toBe('2025-08');
        for (const entry of series) {
          if (entry.month < '2025-08') {
            expect(entry, entry.month).toEqual({ month: entry.month, accepted: null, concluded: null, on_time: null, on_time_rate: null });
            continue;
          }
          const { totals } = await json(['report', 'monthly', '--month', entry.month]);
          expect(entry, entry.month).toEqual({
            month: entry.month,
            accepted: totals.accepted,
            concluded: totals.concluded,
            on_time: totals.on_time,
            on_time_rate: totals.rates.on_time,
          });
        }
        expect(series.some((entry) => entry.accepted !== null && entry.accepted > 0)).toBe(true);
      }
      // The bulletin of a period alone is the assessment's of that period.
      for (const [args, period] of [
        [['--month', '2025-11'], { from: '2025-11-01', to: '2025-11-30' }],
        [['--quarter', '2025Q4'], { from: '2025-10-01', to: '2025-12-31' }],
        [['--month', '2026-02'], { from: '2026-02-01', to: '2026-02-28' }],
      ] as const) {
        expect(periodBulletin(handle, period, '2026-02-03')).toEqual((await json(['report', 'assessment', ...args])).bulletin);
      }
    } finally {
      handle.close();
    }
  });
});

describe('html output', () => {
  it('names a page in --out DIR/ after the center, the period and the report', async () => {
    const out = join(tempDir(), 'reports');
    await ok(db, ['report', 'monthly', '--month', '2026-01', '--format', 'html', '--out', `${out}/`]);
    expect(readdirSync(out)).toEqual(['330681101-2026-01-月度统计.html']);
  });

  it('lays out one section alone with --section: the heading and its table, no figures or charts', async () => {
    const html = await page(['report', 'monthly', '--month', '2026-01', '--section', '超期办件明细表', '--format', 'html']);
    expect([...html.matchAll(/data-section="(\w+)"/g)].map(([, name]) => name)).toEqual(['overdue']);
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('data-figure');
    expect(html).toContain('<h1>2026年1月 政务服务月度统计</h1>');
  });

  it('shows the first 1000 rows of a longer table, and says where every row is', async () => {
    const { reportHtml, PAGE_ROWS } = await import('../src/io/report-html.js');
    const rows = Array.from({ length: PAGE_ROWS + 1 }, (_, at) => ({ number: `20251009-${String(at).padStart(4, '0')}`, days_over: at }));
    const html = reportHtml(
      {
        kind: 'monthly',
        heading: {
          center: '中心',
          centerCode: null,
          centerLevel: null,
          period: { from: '2025-10-01', to: '2025-10-31', label: '2025-10', kind: 'month' },
          evaluatedAt: '2025-10-31',
          generatedAt: '2025-11-03T08:30:00+08:00',
        },
        figures: [],
        comparison: null,
        charts: [],
        sections: [
          {
            name: 'overdue',
            title: { zh: '超期办件明细表', en: 'overdue cases' },
            columns: [
              { key: 'number', title: { zh: '办件编号', en: 'number' }, kind: 'text' },
              { key: 'days_over', title: { zh: '超期天数', en: 'days over' }, kind: 'count' },
            ],
            rows,
          },
        ],
        notes: [],
      },
      'zh',
    );
    const table = tableRows(sectionHtml(html, 'overdue'));
    expect(table).toHaveLength(PAGE_ROWS + 1);
    expect(table.at(-1)).toEqual(['20251009-0999', '999']);
    expect(html).toContain('<li>本页只列出前 1000 行（共 1001 行）；全部见本表的 CSV 或 Excel 文件</li>');
  });

  it('leaves out the charts of a center with nothing to plot yet', async () => {
    const empty = await freshDb();
    const out = join(tempDir(), 'empty.html');
    expect((await hall(empty, ['report', 'monthly', '--month', '2026-01', '--out', out], NOW)).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<h2>图表</h2>');
    expect(figures(html).on_time_rate).toEqual({ value: '—', previous: '—' });
  });

  it('lays out a frozen report as stored, saying the period before and the months are counted now', async () => {
    await ok(db, ['report', 'monthly', '--month', '2025-12', '--freeze', '--format', 'json']);
    const frozen = await page(['report', 'monthly', '--month', '2025-12', '--frozen', '--format', 'html']);
    const stored = JSON.parse(await ok(db, ['report', 'monthly', '--month', '2025-12', '--frozen', '--format', 'json']));
    expect(frozen).toContain('本页的报表数字是封存的原件；上期数字和近十二个月的走势按现在的数据计算');
    expect(frozen).toContain(`生成于 ${stored.generated_at.slice(0, 16).replace('T', ' ')}`);
    expect(figures(frozen).on_time_rate!.value).toBe(shown(stored.totals.rates.on_time));
    const csv = await csvOf(['report', 'monthly', '--month', '2025-12', '--frozen', '--section', 'windows']);
    expect(tableRows(sectionHtml(frozen, 'windows'))).toEqual(csv);
  });

  it.each([
    [['report', 'monthly', '--month', '2026-01', '--format', 'html'], 2, 'hall: 用法错误: --format html 是文件格式，不能输出到终端；请用 --out 指定文件或目录'],
    [['items', 'list', '--format', 'html'], 2, 'hall: 用法错误: 此命令不支持 --format html；可用 table、csv、json'],
    [['dept', 'list', '--out', 'x.html'], 2, '此命令不支持 --format html'],
  ])('%j exits %i', async (args, code, message) => {
    const result = await hall(db, args, NOW);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  it('never overwrites a page without --force', async () => {
    const out = join(tempDir(), 'page.html');
    writeFileSync(out, 'kept');
    const refused = await hall(db, ['report', 'monthly', '--month', '2026-01', '--out', out], NOW);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(out);
    expect(readFileSync(out, 'utf8')).toBe('kept');
    expect((await hall(db, ['report', 'monthly', '--month', '2026-01', '--out', out, '--force'], NOW)).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('<!doctype html>')).toBe(true);
  });
});

describe('start-up', () => {
  /** The modules a run of the real binary loads, as Node resolves them. */
  function loaded(args: string[]): string[] {
    const hooks = tempDir();
    const log = join(hooks, 'modules.log');
    writeFileSync(
      join(hooks, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const found = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, found.url + '\\n');
  return found;
}`,
    );
    writeFileSync(join(hooks, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(hooks, 'hooks.mjs')}`)});\n`);
    const result = spawnSync(process.execPath, ['--import', join(hooks, 'register.mjs'), join(ROOT, 'bin', 'hall.js'), '--db', db, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HALL_OPERATOR: 'tester', ...NOW },
    });
    expect(result.status, result.stderr).toBe(0);
    return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  }

  it('loads ECharts for a page and never for case show', async () => {
    const out = join(tempDir(), 'page.html');
    expect(loaded(['report', 'monthly', '--month', '2026-01', '--out', out]).some((url) => url.includes('/node_modules/echarts/'))).toBe(true);
    const number = (await json(['case', 'list', '--limit', '1']))[0].number;
    const modules = loaded(['case', 'show', number]);
    expect(modules.some((url) => url.includes('/dist/cli/'))).toBe(true);
    expect(modules.filter((url) => /echarts|zrender|report-html|report-charts/.test(url))).toEqual([]);
  });
});

describe('names a page writes', () => {
  it('are text, in the tables and in the charts: a window named like markup never becomes markup', async () => {
    const path = join(tempDir(), 'names.db');
    const hostile = '<script>alert(1)</script>&窗口';
    await ok(path, ['init', '--center', '测<试>&中心']);
    await ok(path, ['items', 'import', fixture('demo-catalog.csv')]);
    await ok(path, ['window', 'rename', 'A01', '--name', hostile]);
    expect((await hall(path, ['case', 'register', '--item', 'XK01001000', '--applicant', '张三'], { HALL_NOW: '2026-01-09T09:30:00+08:00' })).code).toBe(0);
    const out = join(tempDir(), 'names.html');
    await ok(path, ['report', 'monthly', '--month', '2026-01', '--out', out]);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script/i);
    // In the window table and in the per-window chart's SVG, escaped; the center in the heading too.
    expect(sectionHtml(html, 'windows')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;窗口');
    expect(chartHtml(html, 'windows')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;窗口');
    expect(html).toContain('测&lt;试&gt;&amp;中心');
  });
});
