#!/usr/bin/env node
/**
 * Start-up cost of the commands a clerk waits for (SPEC §8: at most 2.5× a bare
 * `node -e 0`). Runs each command N times on a small database and compares medians.
 *
 *   node bench/startup.mjs [runs]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'out');
mkdirSync(out, { recursive: true });
const runs = Number(process.argv[2] ?? 15);
const db = join(out, 'startup.db');
rmSync(db, { force: true });
const hall = join(root, 'bin', 'hall.js');
const env = { ...process.env, HALL_NOW: '2025-10-09T10:00:00+08:00', HALL_OPERATOR: 'bench' };
spawnSync(process.execPath, [hall, '--db', db, 'init'], { env });
spawnSync(process.execPath, [hall, '--db', db, 'items', 'import', join(root, 'fixtures', 'catalog-gb18030.csv')], { env });
// 一件事 (issue 20: registering a bundle of 6 members costs at most 1.3× one case): the demo
// catalog and a 6-member bundle over it, the largest the fixtures' real ones come near (5).
spawnSync(process.execPath, [hall, '--db', db, 'items', 'import', join(root, 'fixtures', 'demo-catalog.csv')], { env });
const bundleFile = join(out, 'startup-bundle.csv');
writeFileSync(
  bundleFile,
  [
    '一件事编码,一件事名称,牵头部门,承诺时限,事项编码,是否必选',
    'YJSB06,开办企业（六项）一件事,市场监督管理局,3,XK01001000,是',
    ',,,,QR11002000,是',
    ',,,,GG11001000,是',
    ',,,,GG04001000,是',
    ',,,,GG05001000,是',
    ',,,,QR03003000,是',
  ].join('\n'),
);
const imported = spawnSync(process.execPath, [hall, '--db', db, 'bundles', 'import', bundleFile], { env, encoding: 'utf8' });
if (imported.status !== 0) throw new Error(`bundles import failed: ${imported.stderr}`);
let registered = 0;
let advanced = 0;

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

const commands = [
  ['node -e 0', () => ['-e', '0']],
  ['hall case register', () => [hall, '--db', db, 'case', 'register', '--item', 'XK10001000', '--applicant', `申请人${++registered}`]],
  ['hall case register (one demo-catalog item)', () => [hall, '--db', db, 'case', 'register', '--item', 'XK01001000', '--applicant', '某某公司']],
  ['hall case register --bundle (6 parts)', () => [hall, '--db', db, 'case', 'register', '--bundle', 'YJSB06', '--applicant', '某某公司']],
  // each run advances the case the register of its round has just made
  // each run advances the lone case the first register of its round made (8 cases a round: 1 + 1 + 6 parts)
  ['hall case advance', () => [hall, '--db', db, 'case', 'advance', `20251009-${String(8 * advanced++ + 1).padStart(4, '0')}`]],
  ['hall case show', () => [hall, '--db', db, 'case', 'show', '20251009-0001']],
  ['hall calendar add', () => [hall, '--db', db, 'calendar', 'add', '2025-09-30', '5']],
];
// Round by round, every command once per round: the machine's speed drifts over a run,
// and each command then sees the same drift as node -e 0 it is compared with.
const times = commands.map(() => []);
for (let round = 0; round < runs; round++) {
  for (const [index, [, args]] of commands.entries()) times[index].push(timeOnce(args()));
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const baseline = median(times[0]);
const rows = commands.map(([name], index) => [name, median(times[index])]);
console.log(`\nMedian wall time of ${runs} runs (SPEC §8 bar: ≤ 2.5× node -e 0)\n`);
console.log('| command | ms | × node -e 0 |');
console.log('|---|---:|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / baseline).toFixed(2)} |`);
const one = rows.find(([name]) => name.startsWith('hall case register (one'))[1];
const six = rows.find(([name]) => name.startsWith('hall case register --bundle'))[1];
console.log(`\nRegistering a 一件事 of 6 parts took ${(six / one).toFixed(2)}× registering one case of the same catalog (bar: ≤ 1.3×).`);
