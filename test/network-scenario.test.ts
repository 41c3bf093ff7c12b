/**
 * Issue 22's "done when": a network of real centers — a county (330681), four towns and a
 * village — each its own database built with hall (in process, test/helpers.ts), each with
 * the demo catalog and bundles and a seeded October 2025 (National Day) of cases: concluded
 * on time and late, open past the deadline, paused, refused, withdrawn, rated (差评 whose
 * reviews are rectified on time and late, visited, invalidated, left open), complaints of
 * every category closed on time, late, substantiated or not, and 一件事 combined cases. One
 * town concluded nothing and holds nothing overdue (unranked), one concluded nothing but
 * holds a case past its deadline (ranked, on_time 0), one is a copy of another (a shared
 * rank), and the county renamed an item and a bundle (names come from the lowest center
 * code). Each writes `hall report monthly --month 2025-10 --format json --out inbox/`; the
 * county, after declaring 2025-10-31 a holiday of its own, runs `hall report network inbox/`,
 * and every field is compared with test/network-oracle.ts, which computes SPEC §7.4 from the
 * SPEC's words over the packs. Then the refused inputs, each naming its file.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, hall } from './helpers.js';
import { differences, digestOf, type Json, type NetworkInput, networkRefusal, networkReport, type RefusalReason } from './network-oracle.js';

const NOW = { HALL_NOW: '2025-11-03T08:30:00+08:00' };

async function ok(db: string, args: string[], env: Record<string, string> = NOW): Promise<string> {
  const result = await hall(db, args, env);
  if (result.code !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8'));

// ---------------------------------------------------------------------------------------
// Seeded cases

interface CatalogItem {
  code: string;
  window: string;
  days: number;
  fee: number;
}

const CATALOG: CatalogItem[] = readFileSync(fixture('demo-catalog.csv'), 'utf8')
  .replace(/^\uFEFF/, '')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => line.split(','))
  .filter((cells) => cells[9] !== '' && cells[14] === '在用')
  .map((cells) => ({
    code: cells[0]!,
    window: cells[9]!,
    days: cells[5] === '即办' ? 0 : Number.parseInt(cells[5]!, 10),
    fee: Number.parseInt(cells[6]!, 10) || 0,
  }));

const HEADER = '办件编号,事项编码,申请人,证件号码,受理窗口,受理时间,办结时间,办理结果,收费金额,评价,暂停开始,暂停结束,现场办结,一件事编码,联办编号';

const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
}

/** `n` cases over September and October 2025, seeded; the last day a conclusion may fall on is 2025-11-02. */
function cases(seed: number, n: number, prefix: string): string[] {
  const next = random(seed);
  const rows: string[] = [];
  for (let index = 0; index < n; index++) {
    const item = CATALOG[next(CATALOG.length)]!;
    const month = next(3) === 0 ? 9 : 10;
    const date = `2025-${pad(month)}-${pad(1 + next(month === 9 ? 30 : 31))}`;
    const accepted = `${date} ${pad(9 + next(7))}:${pad(next(60))}`;
    const roll = next(30);
    const refused = roll === 0;
    const withdrawn = roll === 1;
    const open = !refused && !withdrawn && roll < 7;
    // Late ones: up to 1.6 × the promised days in calendar days (National Day stretches them further).
    const after = item.days === 0 ? next(2) : next(Math.round(item.days * 1.6) + 3);
    const endDate = addDays(date, after);
    const ended = refused || open || endDate > '2025-11-02' ? '' : `${endDate} ${after === 0 ? '16' : pad(9 + next(8))}:${pad(next(60))}`;
    const outcome = refused ? '不予受理' : withdrawn && ended !== '' ? '撤回' : ended === '' ? '' : next(12) === 0 ? '不予许可' : '准予';
    const rating = ended !== '' && outcome !== '撤回' && next(2) === 0 ? String(1 + next(5)) : '';
    const onSite = ended !== '' && outcome !== '撤回' ? ['是', '否', ''][next(3)]! : '';
    const fee = item.fee > 0 && !refused ? String(item.fee) : '';
    // A 补正 pause of two days on a case that took a week or more.
    const paused = ended !== '' && outcome !== '撤回' && after >= 7 && next(3) === 0;
    const pauseFrom = paused ? `${addDays(date, 1)} 10:00` : '';
    const pauseTo = paused ? `${addDays(date, 3)} 10:00` : '';
    rows.push(`,${item.code},${prefix}申请人${index},,,${accepted},${ended},${outcome},${fee},${rating},${pauseFrom},${pauseTo},${onSite},,`);
  }
  return rows;
}

/** 一件事: YJS002 (three required members) concluded in 3 days, late (a part 12 days), open; YJS003 with its optional member. */
function combined(prefix: string, day: number): string[] {
  const d = `2025-10-${pad(day)}`;
  const row = (item: string, group: string, accepted: string, ended: string, outcome: string, rating = '', bundle = 'YJS002') =>
    `,${item},${prefix}${group},,,${accepted},${ended},${outcome},,${rating},,,,${bundle},${prefix}-${group}`;
  return [
    row('QR03003000', 'J1', `${d} 09:00`, `${d} 09:40`, '准予'),
    row('GG05001000', 'J1', `${d} 09:00`, `${addDays(d, 1)} 10:00`, '准予'),
    row('GG04004000', 'J1', `${d} 09:00`, `${addDays(d, 3)} 15:00`, '准予', '5'),
    row('QR03003000', 'J2', `2025-09-26 09:00`, '2025-09-26 10:00', '准予'),
    row('GG05001000', 'J2', `2025-09-26 09:00`, '2025-09-26 11:00', '准予'),
    row('GG04004000', 'J2', `2025-09-26 09:00`, '2025-10-20 15:00', '准予', '1'),
    row('QR03003000', 'J3', `2025-10-27 14:00`, '2025-10-27 15:00', '准予'),
    row('GG05001000', 'J3', `2025-10-27 14:00`, '', ''),
    row('GG04004000', 'J3', `2025-10-27 14:00`, '', ''),
    row('XK01003000', 'J4', `${d} 10:00`, `${addDays(d, 2)} 10:00`, '准予', '', 'YJS003'),
    row('GG11003000', 'J4', `${d} 10:00`, `${d} 11:00`, '不予许可', '', 'YJS003'),
    row('GG04002000', 'J4', `${d} 10:00`, `${d} 11:30`, '准予', '', 'YJS003'),
  ];
}

/** 失业一件事 renamed in this center, and one combined case of it (concluded in October). */
function unemployment(name: string, prefix: string): { rows: string[]; setup: Center['setup'] } {
  const row = (item: string, ended: string) => `,${item},${prefix}失业,,,2025-10-16 10:00,${ended},准予,,,,,,YJS007,${prefix}-U1`;
  return {
    rows: [row('GG04002000', '2025-10-16 11:00'), row('JF04003000', '2025-10-21 15:00')],
    setup: async (db, at) => {
      const file = join(at, `${prefix}-bundle.csv`);
      writeFileSync(
        file,
        `一件事编码,一件事名称,牵头部门,承诺时限,法定时限,事项编码,是否必选\nYJS007,${name},人力资源和社会保障局,5个工作日,,GG04002000,是\n,,,,,JF04003000,是\n,,,,,GG05001000,否\n`,
      );
      await ok(db, ['bundles', 'import', file]);
    },
  };
}
const TOWN_UNEMPLOYMENT = unemployment('失业一件事（乙镇）', '乙');
const VILLAGE_UNEMPLOYMENT = unemployment('失业一件事（村站）', '村');

// ---------------------------------------------------------------------------------------
// Centers

interface Center {
  code: string | null;
  name: string;
  rows: string[];
  /** Complaints: window, category, received, closed (or null), substantiated. */
  complaints: [string, string, string, string | null, 'yes' | 'no'][];
  reviews: boolean;
  setup?: (db: string, dir: string) => Promise<void>;
}

const FULL_COMPLAINTS: Center['complaints'] = [
  ['A01', 'consult', '2025-10-09', null, 'no'], // open past its 2 days
  ['A01', 'help', '2025-10-13', '2025-10-20', 'no'],
  ['B01', 'suggest', '2025-10-14', null, 'no'], // open, not yet due
  ['B02', 'complaint', '2025-10-20', '2025-11-03', 'yes'],
  ['A02', 'report', '2025-09-25', '2025-10-10', 'yes'], // received before the period
  ['A02', 'complaint', '2025-10-28', '2025-10-29', 'yes'],
  ['B01', '投诉', '2025-10-09', '2025-11-03', 'no'], // closed late (15 working days from 10-09 is 10-30)
];

async function build(dir: string, center: Center): Promise<string> {
  const db = join(dir, `${center.code ?? 'none'}.db`);
  await ok(db, ['init', '--center', center.name, ...(center.code === null ? [] : ['--center-code', center.code])]);
  await ok(db, ['items', 'import', fixture('demo-catalog.csv')]);
  await ok(db, ['bundles', 'import', fixture('bundles.csv')]);
  await center.setup?.(db, dir);
  if (center.rows.length > 0) {
    const file = join(dir, `${center.code ?? 'none'}.csv`);
    writeFileSync(file, `${[HEADER, ...center.rows].join('\n')}\n`);
    await ok(db, ['cases', 'import', file]);
  }
  let id = 0;
  for (const [window, category, received, closed, substantiated] of center.complaints) {
    await ok(db, ['complaint', 'add', '--window', window, '--channel', '12345', '--category', category, '--summary', '办事等候时间长', '--date', received]);
    id++;
    if (closed !== null) await ok(db, ['complaint', 'close', String(id), '--substantiated', substantiated, '--date', closed]);
  }
  if (center.reviews) {
    // Every 差评's review: rectified on time (then visited), rectified late, invalidated, left open.
    const reviews = JSON.parse(await ok(db, ['review', 'list', '--format', 'json'])) as { id: number; opened: string; due: string; state: string }[];
    let k = 0;
    for (const review of reviews.filter((r) => r.state === 'open')) {
      const late = addDays(review.due, 3) > '2025-11-03' ? '2025-11-03' : addDays(review.due, 3);
      switch (k++ % 4) {
        case 0:
          await ok(db, ['review', 'rectify', String(review.id), '--note', '已整改', '--date', review.opened]);
          await ok(db, ['review', 'visit', String(review.id), '--result', k % 8 === 1 ? 'satisfied' : 'unsatisfied', '--date', late]);
          break;
        case 1:
          await ok(db, ['review', 'rectify', String(review.id), '--note', '逾期整改', '--date', late]);
          break;
        case 2:
          await ok(db, ['review', 'invalidate', String(review.id), '--reason', '误评', '--date', review.opened]);
          break;
        default:
          break;
      }
    }
  }
  return db;
}

async function pack(db: string, out: string, month = '2025-10'): Promise<void> {
  await ok(db, ['report', 'monthly', '--month', month, '--format', 'json', '--out', out]);
}

describe('the network scenario against an independent computation of §7.4', () => {
  let dir: string;
  let inbox: string;
  let county: string;
  let town101: string;
  let network: Json;
  let packs: Json[];

  beforeAll(async () => {
    dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hall-network-scenario-'));
    inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    const centers: Center[] = [
      {
        code: '330681',
        name: '某县政务服务中心',
        rows: [...cases(7, 110, '县'), ...combined('县', 15)],
        complaints: FULL_COMPLAINTS,
        reviews: true,
        // The county renamed an item and a bundle: the network takes the names of the lowest center code.
        setup: async (db, at) => {
          const items = join(at, 'rename-items.csv');
          writeFileSync(items, '事项编码,事项名称\nXK01001000,企业设立登记（县级）\n');
          await ok(db, ['items', 'import', items]);
          const bundles = join(at, 'rename-bundles.csv');
          writeFileSync(
            bundles,
            '一件事编码,一件事名称,牵头部门,承诺时限,法定时限,事项编码,是否必选\nYJS002,出生一件事（县级）,公安局,5个工作日,,QR03003000,是\n,,,,,GG05001000,是\n,,,,,GG04004000,是\n',
          );
          await ok(db, ['bundles', 'import', bundles]);
        },
      },
      {
        code: '330681101',
        name: '甲镇便民服务中心',
        rows: [...cases(11, 80, '甲'), ...combined('甲', 22)],
        complaints: FULL_COMPLAINTS.slice(0, 4),
        reviews: true,
      },
      {
        code: '330681102',
        name: '乙镇便民服务中心',
        rows: [...cases(23, 70, '乙'), ...TOWN_UNEMPLOYMENT.rows],
        complaints: FULL_COMPLAINTS.slice(3),
        reviews: true,
        setup: TOWN_UNEMPLOYMENT.setup,
      },
      {
        // Nothing concluded, nothing past its deadline at 10-31: unranked.
        code: '330681104',
        name: '丁镇便民服务中心',
        rows: [
          ',XK02001001,丁申请人1,,,2025-10-27 09:00,,,,,,,,,',
          ',XK02002000,丁申请人2,,,2025-10-28 10:00,,,,,,,,,',
          ',XK01002000,丁申请人3,,,2025-10-29 10:00,,不予受理,,,,,,,',
          ',XK02004000,丁申请人4,,,2025-10-30 11:00,2025-10-31 09:00,撤回,,,,,,,',
        ],
        complaints: [['A02', 'complaint', '2025-10-29', '2025-10-30', 'yes']],
        reviews: false,
      },
      {
        // Nothing concluded, but a one-day case open since 10-09: ranked, its on_time component 0.
        code: '330681105',
        name: '戊镇便民服务中心',
        rows: [',XK01001000,戊申请人1,,,2025-10-09 09:00,,,,,,,,,', ',XK02001001,戊申请人2,,,2025-10-30 09:00,,,,,,,,,'],
        complaints: [],
        reviews: false,
      },
      {
        code: '330681101201',
        name: '甲镇某村便民服务站',
        rows: [...cases(31, 14, '村'), ...VILLAGE_UNEMPLOYMENT.rows],
        complaints: [],
        reviews: false,
        setup: VILLAGE_UNEMPLOYMENT.setup,
      },
    ];
    const dbs = new Map<string, string>();
    for (const center of centers) {
      const db = await build(dir, center);
      dbs.set(center.code!, db);
      await pack(db, `${inbox}/`);
    }
    county = dbs.get('330681')!;
    town101 = dbs.get('330681101')!;
    // 丙镇: a copy of 甲镇's database under its own code and name — the same score, a shared rank.
    const twin = join(dir, '330681103.db');
    copyFileSync(town101, twin);
    await ok(twin, ['init', '--center', '丙镇便民服务中心', '--center-code', '330681103']);
    await pack(twin, `${inbox}/`);
    // The county declares 10-31 a holiday of its own after sending its pack: the network's
    // daily_accepted uses the running database's working days (17, not the packs' 18).
    await ok(county, ['calendar', 'set', '2025-10-31', 'holiday', '--note', '县级调整']);
    const result = await hall(county, ['report', 'network', inbox, '--format', 'json'], NOW);
    if (result.code !== 0) throw new Error(result.stderr);
    network = JSON.parse(result.stdout);
    packs = readdirSync(inbox)
      .filter((name) => name.endsWith('.json'))
      .map((name) => readJson(join(inbox, name)));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** October 2025: 23 weekdays, less the six of National Day and 中秋 (1–3, 6–8), plus Saturday 10-11 (调休). */
  const OCTOBER_WORKING_DAYS = 18;

  it('the scenario holds what it is meant to', () => {
    expect(packs.map((p) => p.center_code).sort()).toEqual(['330681', '330681101', '330681101201', '330681102', '330681103', '330681104', '330681105']);
    for (const p of packs) expect(p.working_days).toBe(OCTOBER_WORKING_DAYS);
    const by = (code: string) => packs.find((p) => p.center_code === code).totals;
    for (const code of ['330681', '330681101', '330681102']) {
      const t = by(code);
      expect(t.concluded - t.on_time, code).toBeGreaterThan(0); // concluded late
      expect(t.overdue - (t.concluded - t.on_time), code).toBeGreaterThan(0); // open past the deadline
      expect(t.refused + t.withdrawn, code).toBeGreaterThan(0);
      expect(t.bad, code).toBeGreaterThan(0);
      expect(t.substantiated, code).toBeGreaterThan(0);
      expect(t.reviews.opened, code).toBeGreaterThan(0);
    }
    expect(by('330681').reviews.invalid + by('330681101').reviews.invalid + by('330681102').reviews.invalid).toBeGreaterThan(0);
    expect(by('330681').combined.accepted).toBeGreaterThan(0);
    expect(by('330681104')).toMatchObject({ concluded: 0, overdue: 0 });
    expect(by('330681105')).toMatchObject({ concluded: 0, overdue: 1 });
  });

  it('agrees with the oracle in every field of every section', () => {
    const expected = networkReport(packs, OCTOBER_WORKING_DAYS - 1);
    // The reason a center is not ranked is hall's word; the SPEC asks only that there is one.
    const ranking = network.ranking.map((entry: Json) => ({ ...entry, not_ranked_reason: entry.not_ranked_reason === null ? null : 'unranked' }));
    for (const section of ['period', 'centers', 'totals', 'items', 'types', 'departments', 'bundles'] as const) {
      expect(differences(network[section], expected[section]), section).toEqual([]);
    }
    expect(differences(ranking, expected.ranking), 'ranking').toEqual([]);
    expect(network).toMatchObject({ kind: 'network', schema: 1, center_code: '330681', center_level: 'county' });
    expect(network.digest).toBe(digestOf(network));
    // The scenario's edges are in the expectation itself.
    const rankOf = (code: string) => expected.ranking.find((entry: Json) => entry.code === code);
    expect(rankOf('330681101').rank).toBe(rankOf('330681103').rank);
    expect(rankOf('330681104')).toMatchObject({ rank: null, score: null });
    expect(rankOf('330681105').components.on_time).toBe(0);
    expect(rankOf('330681105').rank).not.toBeNull();
    expect(expected.items.find((item: Json) => item.code === 'XK01001000').name).toBe('企业设立登记（县级）');
    expect(expected.bundles.find((bundle: Json) => bundle.code === 'YJS002').name).toBe('出生一件事（县级）');
    // Only the village (330681101201) and 乙镇 (330681102) have 失业一件事: the lowest code as a string is the village's.
    expect(expected.bundles.find((bundle: Json) => bundle.code === 'YJS007')).toMatchObject({ name: '失业一件事（村站）', accepted: 2 });
    expect(expected.totals.daily_accepted).toBe(expected.totals.accepted / 17);
  });

  it('the comparison sees a change of one rate in its twelfth digit, an integer off by one, a key too many', () => {
    const expected = networkReport(packs, OCTOBER_WORKING_DAYS - 1);
    const copy = structuredClone(expected);
    copy.totals.ytd.rates.on_time += 1e-10;
    copy.items[0].accepted += 1;
    copy.departments[0].extra = 0;
    expect(differences(copy.totals, expected.totals)).toEqual([expect.stringContaining('ytd.rates.on_time')]);
    expect(differences(copy.items, expected.items)).toEqual([expect.stringContaining('[0].accepted')]);
    expect(differences(copy.departments, expected.departments)).toEqual([expect.stringContaining('[0].extra')]);
  });

  it('skips and names a file in the inbox that is not .json', async () => {
    const note = join(inbox, '说明.txt');
    writeFileSync(note, '十月各镇月报');
    try {
      const result = await hall(county, ['report', 'network', inbox, '--format', 'json'], NOW);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(note);
      expect(differences(JSON.parse(result.stdout).totals, network.totals)).toEqual([]);
    } finally {
      rmSync(note);
    }
  });

  describe('refuses (exit 1), naming the file, as the oracle does', () => {
    const inputs = (paths: string[]): NetworkInput[] =>
      paths.map((path) =>
        path.endsWith('/')
          ? {
              kind: 'dir',
              path,
              files: readdirSync(path)
                .filter((name) => name.endsWith('.json'))
                .sort()
                .map((name) => ({ path: join(path, name), text: readFileSync(join(path, name), 'utf8') })),
            }
          : { kind: 'file', path, text: readFileSync(path, 'utf8') },
      );
    const refused = async (paths: string[], file: string, reason: RefusalReason) => {
      expect(networkRefusal(inputs(paths))).toEqual({ file, reason });
      const result = await hall(county, ['report', 'network', ...paths.map((path) => path.replace(/\/$/, ''))], NOW);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(file.replace(/\/$/, ''));
    };
    const inboxFile = (code: string) => join(inbox, readdirSync(inbox).find((name) => name.startsWith(`${code}-`))!);
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };

    it('a pack edited by hand: one number changed, the digest kept', async () => {
      const p = readJson(inboxFile('330681102'));
      p.items[1].concluded += 1;
      const path = write('edited.json', JSON.stringify(p, null, 2));
      await refused([inboxFile('330681101'), path], path, 'digest');
    });

    it('a pack of another period', async () => {
      const september = join(dir, 'september');
      mkdirSync(september, { recursive: true });
      await pack(town101, `${september}/`, '2025-09');
      const path = join(september, readdirSync(september)[0]!);
      await refused([inboxFile('330681'), inboxFile('330681102'), path], path, 'period');
    });

    it('one center twice', async () => {
      const path = write('again.json', readFileSync(inboxFile('330681102'), 'utf8'));
      await refused([inboxFile('330681102'), inboxFile('330681101'), path], path, 'duplicate_center');
    });

    it('a pack without a center code', async () => {
      const db = await build(dir, { code: null, name: '无代码中心', rows: cases(41, 5, '无'), complaints: [], reviews: false });
      const out = join(dir, 'no-code');
      mkdirSync(out);
      await pack(db, `${out}/`);
      const path = join(out, readdirSync(out)[0]!);
      await refused([inboxFile('330681101'), path], path, 'no_center_code');
    });

    it('a file that is not JSON', async () => {
      const path = write('garbled.json', '{"kind":"monthly", 受理 776 件');
      await refused([inboxFile('330681101'), path], path, 'not_json');
    });

    it('an assessment', async () => {
      const path = join(dir, 'assessment.json');
      await ok(town101, ['report', 'assessment', '--month', '2025-10', '--format', 'json', '--out', path]);
      await refused([inboxFile('330681101'), path], path, 'assessment');
    });

    it('a pack of a newer or an older schema (digest re-sealed), a network report, no file at all', async () => {
      for (const schema of [2, 0]) {
        const p = readJson(inboxFile('330681102'));
        p.schema = schema;
        p.digest = digestOf(p);
        const path = write(`schema-${schema}.json`, JSON.stringify(p));
        await refused([inboxFile('330681101'), path], path, 'schema');
      }
      const path = write('network.json', JSON.stringify(network));
      await refused([inboxFile('330681101'), path], path, 'not_monthly');
      expect(networkRefusal([])).toEqual({ file: '', reason: 'no_file' });
      const none = await hall(county, ['report', 'network'], NOW);
      expect([none.code, none.stdout]).toEqual([1, '']);
    });

    it('an empty directory', async () => {
      const empty = join(dir, 'empty');
      mkdirSync(empty);
      writeFileSync(join(empty, 'readme.txt'), '');
      await refused([`${empty}/`], `${empty}/`, 'empty_directory');
    });
  });
});
