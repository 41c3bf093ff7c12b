#!/usr/bin/env node
/**
 * Bytes per case (issue 24, SPEC §8): the database `hall cases import` leaves of the
 * bench's generated year — bench/out/report-SIZE.db, the same files report.mjs times, built
 * or reused by bench/lib/generated-cases.mjs (the set-up database, one import of the
 * bench-shape CSV, then ~1 complaint per 2,000 cases and 440 window records) — measured
 * by object with SQLite's `dbstat` (every table and index, its pages' bytes) and as a
 * whole (page_count × page_size), after folding the WAL in (`wal_checkpoint(TRUNCATE)`).
 * The files are not VACUUMed: they are measured as hall leaves them, free pages shown
 * apart. Bar: at most 600 bytes a case at 1,000,000 cases, all of the file included.
 *
 *   node bench/case-size.mjs [sizes …]        (default 10000 100000 1000000)
 *
 * Reads no case table's columns: the schema under test is whatever dist/ builds.
 */
import { databaseSpace, fingerprint, reportDatabase, spaceTable } from './lib/generated-cases.mjs';

const BAR = 600;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const sizeList = (sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000]).sort((a, b) => a - b);

const columns = [];
for (const size of sizeList) {
  const { file, meta, cached } = await reportDatabase(size);
  const started = process.hrtime.bigint();
  const space = databaseSpace(file);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.error(`  ${size.toLocaleString('en')}: ${cached ? 'cached' : 'built'} database, dbstat ${seconds.toFixed(1)} s`);
  columns.push({ label: size.toLocaleString('en'), cases: size, space, meta });
}

const { version, schemaHash, codeHash } = fingerprint();
console.log(
  `Bytes per case by table and index (\`SELECT name, sum(pgsize) FROM dbstat GROUP BY name\`), schema ${version} (schema ${schemaHash}, code ${codeHash}): the database one \`hall cases import\` of the bench's generated file leaves, with report.mjs's complaints and window records, WAL checkpointed, not VACUUMed.\n`,
);
const barred = sizeList.includes(1_000_000) && sizeList.at(-1) === 1_000_000;
console.log(spaceTable(columns, barred ? BAR : undefined));
if (!barred) console.log(`\nThe bar (≤ ${BAR} B a case) is judged at 1,000,000 cases, not measured in this run.`);
console.log('\nWhat the files hold (from the generator; events as `hall cases import` writes them)\n');
console.log('| cases | 一件事 parts | 不予受理 | 撤回 | never concluded | rated | file MB |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const { cases, meta, space } of columns) {
  const n = (value) => value.toLocaleString('en');
  console.log(
    `| ${n(cases)} | ${n(meta.parts)} | ${n(meta.refused)} | ${n(meta.withdrawn)} | ${n(meta.open)} | ${n(meta.rated)} | ${(space.fileBytes / 1e6).toFixed(0)} |`,
  );
}
