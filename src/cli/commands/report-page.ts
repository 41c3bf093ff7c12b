/**
 * What `--format html` adds to a report (SPEC §7.7): the bulletin of the period before and
 * the last twelve months, read from the database only when a whole page is asked for, and
 * the page laid out from the report's JSON (as computed, or as frozen).
 */
import type { AssessmentReport } from '../../core/assessment.js';
import type { MonthlyReport } from '../../core/metrics.js';
import type { NetworkReport } from '../../core/network.js';
import { previousPeriod } from '../../core/period.js';
import type { Envelope } from '../../report/envelope.js';
import { assessmentPage, monthlyPage, networkPage, type PageContext, type ReportPage } from '../../report/page.js';
import type { ReportPack } from '../../report/section.js';
import { monthSeries, periodBulletin } from '../../store/report-series.js';
import type { Context } from '../context.js';

/** A page of the report, or of one of its sections; computed when a page is written, never before. */
export type PageMaker = (section: string | undefined) => ReportPage;

interface Made {
  /** The report's JSON: the envelope names the center, `generated_at` when it was made. */
  json: unknown;
  pack: ReportPack;
  /** Laid out from a frozen report (SPEC §7.5). */
  frozen: boolean;
}

/**
 * The page's context. The period before and the twelve months are counted now, from the
 * database as it is, for a frozen report too: they set the figures in context, and the
 * page says so.
 */
function pageContext(ctx: Context, made: Made, section: string | undefined, history: boolean): PageContext {
  const envelope = made.json as Partial<Envelope> & { generated_at?: string };
  const whole = section === undefined && history;
  const before = whole ? previousPeriod(made.pack.period) : null;
  return {
    pack: made.pack,
    centerCode: envelope.center_code ?? null,
    centerLevel: envelope.center_level ?? null,
    generatedAt: envelope.generated_at ?? ctx.timestamp(),
    previous: before === null ? null : { period: before, bulletin: periodBulletin(ctx.db(), before, ctx.today()) },
    series: whole ? monthSeries(ctx.db(), made.pack.period) : null,
    section,
    frozen: made.frozen,
  };
}

export function monthlyPageMaker(ctx: Context, made: Made): PageMaker {
  return (section) => monthlyPage(made.json as MonthlyReport, pageContext(ctx, made, section, true));
}

export function assessmentPageMaker(ctx: Context, made: Made): PageMaker {
  return (section) => assessmentPage(made.json as AssessmentReport, pageContext(ctx, made, section, true));
}

/** A network's packs carry one month each and no catalog: no period before, no twelve months. */
export function networkPageMaker(ctx: Context, made: Made): PageMaker {
  return (section) => networkPage(made.json as NetworkReport, pageContext(ctx, made, section, false));
}
