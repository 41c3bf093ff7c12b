/**
 * `hall report network FILE|DIR…` (SPEC §7.4): the monthly packs a county's centers send
 * (files, or every `.json` of a directory such as a shared inbox) checked and summed into
 * one report, laid out and written as the other reports are.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { PackRejected } from '../../core/errors.js';
import { FileNotFound } from '../../core/file-errors.js';
import { type CheckedPack, checkPackSet, networkReport, readPack } from '../../core/network.js';
import { monthPeriod, type NamedPeriod } from '../../core/period.js';
import { REPORT_SCHEMAS, sealReport } from '../../report/envelope.js';
import { networkPack } from '../../report/network.js';
import { periodWorkingDays } from '../../store/report-measures.js';
import { readCenterIdentity, readSettings } from '../../store/settings.js';
import type { App } from '../app.js';
import type { Context } from '../context.js';
import type { View } from '../render.js';
import { deliver, loadRubric, planOutput, preloadRenderer, type ReportOptions, warnUncoveredYears } from './report.js';
import { networkPageMaker } from './report-page.js';

/** The files the arguments name: a file as given, a directory's `.json` files by name; anything else in it is named and left out. */
function packFiles(ctx: Context, paths: readonly string[]): string[] {
  if (paths.length === 0) throw new PackRejected(null, 'no_files');
  const files: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new FileNotFound(path);
    if (!statSync(path).isDirectory()) {
      files.push(path);
      continue;
    }
    // By name, in code-point order: the same refusal for the same inbox on every machine.
    const names = readdirSync(path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const json = names.filter((name) => name.toLowerCase().endsWith('.json') && !statSync(join(path, name)).isDirectory());
    for (const name of names) {
      if (!json.includes(name)) ctx.warn({ notice: 'pack_skipped', file: join(path, name) });
    }
    if (json.length === 0) throw new PackRejected(path, 'empty_directory');
    files.push(...json.map((name) => join(path, name)));
  }
  return files;
}

function readPackFile(file: string): CheckedPack {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PackRejected(file, 'unreadable', (error as NodeJS.ErrnoException).code ?? 'EIO');
  }
  return readPack(file, content, REPORT_SCHEMAS.monthly);
}

/** The packs' period as the titles and file names read it: a month when it is one (`2025-10`), else its dates. */
function namedPeriod(period: { from: string; to: string }): NamedPeriod {
  const month = monthPeriod(Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7)));
  if (month.from === period.from && month.to === period.to) return month;
  return { from: period.from, to: period.to, label: `${period.from}_${period.to}`, kind: 'range' };
}

export async function network(ctx: Context, paths: string[], options: ReportOptions): Promise<View | undefined> {
  const packs = packFiles(ctx, paths).map(readPackFile);
  // Refused before anything is computed or a file is claimed.
  checkPackSet(packs);
  const rubric = loadRubric(ctx, options.rubric);
  const period = namedPeriod(packs[0]!.report.period);
  warnUncoveredYears(ctx, period);
  const plan = planOutput(ctx, 'network', period, options);
  preloadRenderer(plan);
  // The running database gives only the calendar's working days of the period and who it is (the envelope).
  const db = ctx.db();
  const report = networkReport(packs, periodWorkingDays(db, period), rubric);
  const json = sealReport('network', report, readCenterIdentity(db));
  const evaluatedAt = packs.map((pack) => pack.report.evaluated_at).reduce((latest, at) => (at > latest ? at : latest));
  const pack = networkPack(report, period, readSettings(db).centerName, evaluatedAt);
  return deliver(ctx, plan, { json, pack, page: networkPageMaker(ctx, { json, pack, frozen: false }) });
}

export function registerNetwork(report: Command, app: App, outputOptions: (command: Command) => Command): void {
  outputOptions(
    report
      .command('network')
      .description(
        app.t('中心汇总：合计各中心（县、乡镇、村）的月度统计，同级排位', 'sum the monthly packs of several centers and rank them within their level'),
      )
      .argument(
        '[packs...]',
        app.t('各中心月度统计 JSON 文件，或其所在目录（取其中全部 .json）', 'monthly pack JSON files, or directories of them (every .json)'),
      )
      .option(
        '--rubric <file>',
        app.t('考核细则 JSON 文件（默认用 init --rubric 保存的，或 SPEC 默认值）', 'rubric JSON file (default: the stored one, or the standard)'),
      ),
  ).action(app.action(network, { reports: true }));
}
