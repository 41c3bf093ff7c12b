/**
 * The 一件事 of the demo center (SPEC §7.1): a few combined cases a month over the bundles
 * of `fixtures/bundles.csv`, each registered at one counter and then lived part by part,
 * every part planned exactly as a lone case of its item (src/demo/case-steps.ts). What
 * makes them worth showing comes from the parts: one part paused for 补正 while the
 * others run, one denied (a partial outcome), an applicant who gives up what is left, and
 * the bundle's own short promise, which a slow part overruns while it keeps its own.
 * Pure and seeded, like the rest of the plan.
 */
import type { StoredBundle, StoredMember } from '../core/bundle-table.js';
import { addWorkingDays, isWorkingDay, type WorkCalendar } from '../core/calendar.js';
import type { CaseAction } from '../core/case-step.js';
import type { Channel } from '../core/case-values.js';
import { addDays, type IsoDate } from '../core/dates.js';
import type { Period } from '../core/period.js';
import { type CaseContext, immediateSteps, type PlannedStep, promisedSteps } from './case-steps.js';
import { type BundleProfile, DEFAULT_PROFILE, DEMO_BUNDLE_PROFILES, DEMO_ITEM_PROFILES, DEMO_WINDOWS, type DemoWindow } from './center.js';
import { after, type Dice, isBefore, type LocalMoment } from './dice.js';
import { applicantOf, channelOf, WITHDRAWAL_REASONS } from './people.js';
import type { DemoItem } from './plan.js';

/** What the plan needs to know of a bundle. */
export type DemoBundle = Pick<StoredBundle, 'code' | 'status'> & { members: Pick<StoredMember, 'item' | 'required'>[] };

export interface PlannedPart {
  item: string;
  steps: PlannedStep[];
}

/** A step on the combined number, applied to its parts as `case withdraw J…` and `case deliver J…` apply it. */
export type CombinedStep = Omit<PlannedStep, 'action'> & { action: Extract<CaseAction, { command: 'withdraw' } | { command: 'deliver' }> };

export interface PlannedCombined {
  bundle: string;
  applicant: string;
  applicantId: string;
  channel: Channel;
  at: LocalMoment;
  operator: string;
  /** Every part at this counter (一窗受理); null: each part at its item's window. */
  window: string | null;
  /** The optional members left out. */
  without: string[];
  /** One per member registered, in member order. */
  parts: PlannedPart[];
  /**
   * After the parts' own steps: the applicant withdrawing what is unfinished, or the
   * results handed over together (统一出件); null when neither comes by the last day.
   */
  finish: CombinedStep | null;
}

export interface CombinedPlanInput {
  dice: Dice;
  calendar: WorkCalendar;
  periods: readonly Period[];
  items: readonly DemoItem[];
  bundles: readonly DemoBundle[];
}

/** The 综合受理窗口, where most 一件事 are accepted. */
const ONE_WINDOW = 'G01';
const DEFAULT_BUNDLE_PROFILE: BundleProfile = { weight: 1, applicant: 'either' };

/** Three to six combined cases a month, one in each stretch of its working days. Events after the last planned day are left out. */
export function planCombined(input: CombinedPlanInput): PlannedCombined[] {
  const { dice, calendar, periods } = input;
  const items = new Map(input.items.map((item) => [item.code, item]));
  const windows = new Map(DEMO_WINDOWS.map((window) => [window.code, window]));
  // Every part needs an active item at a counter of the hall, so only such bundles are registered.
  const bundles = input.bundles.filter(
    (bundle) =>
      bundle.status === 'active' &&
      bundle.members.every((member) => {
        const item = items.get(member.item);
        return item?.status === 'active' && item.window !== null && windows.has(item.window);
      }),
  );
  if (bundles.length === 0 || periods.length === 0) return [];
  const cumulative: number[] = [];
  let total = 0;
  for (const bundle of bundles) {
    total += (DEMO_BUNDLE_PROFILES[bundle.code] ?? DEFAULT_BUNDLE_PROFILE).weight;
    cumulative.push(total);
  }
  const context: PlanContext = { dice, calendar, items, windows, end: periods[periods.length - 1]!.to };

  const planned: PlannedCombined[] = [];
  for (const month of periods) {
    const days: IsoDate[] = [];
    for (let date = month.from; date <= month.to; date = addDays(date, 1)) if (isWorkingDay(calendar, date)) days.push(date);
    const count = Math.min(days.length, dice.between(3, 6));
    const fates = monthFates(dice, count);
    // Spread through the month (a few a week) rather than heaped on a few days.
    for (let stretch = 0; stretch < count; stretch++) {
      const first = Math.floor((stretch * days.length) / count);
      const last = Math.floor(((stretch + 1) * days.length) / count) - 1;
      const bundle = bundles[dice.weighted(cumulative)]!;
      planned.push(planOne(context, bundle, { date: days[dice.between(first, last)]!, minutes: dice.officeMinute() }, fates[stretch]!));
    }
  }
  return planned;
}

/**
 * What sets a combined case apart, beyond what its parts bring by chance: a part asked
 * for 补正 while the others run, a part that takes its whole own limit (past the
 * bundle's shorter one, where a member's is longer), a part denied, the applicant
 * giving up.
 */
type Fate = 'supplement' | 'slow' | 'denied' | 'withdrawn' | 'plain';

/** Each month a 补正 and a slow part, often a denial, now and then a withdrawal, dealt over its combined cases. */
function monthFates(dice: Dice, count: number): Fate[] {
  const dealt: Fate[] = ['supplement', 'slow'];
  if (dice.chance(0.5)) dealt.push('denied');
  if (dice.chance(0.35)) dealt.push('withdrawn');
  const fates = [...dealt.slice(0, count), ...Array.from({ length: Math.max(0, count - dealt.length) }, (): Fate => 'plain')];
  for (let index = fates.length - 1; index > 0; index--) {
    const other = dice.between(0, index);
    [fates[index], fates[other]] = [fates[other]!, fates[index]!];
  }
  return fates;
}

interface PlanContext {
  dice: Dice;
  calendar: WorkCalendar;
  items: ReadonlyMap<string, DemoItem>;
  windows: ReadonlyMap<string, DemoWindow>;
  /** The last planned day. */
  end: IsoDate;
}

function planOne(context: PlanContext, bundle: DemoBundle, accepted: LocalMoment, fate: Fate): PlannedCombined {
  const { dice, calendar, items, windows } = context;
  const profile = DEMO_BUNDLE_PROFILES[bundle.code] ?? DEFAULT_BUNDLE_PROFILE;
  const company = profile.applicant === 'company' || (profile.applicant === 'either' && dice.chance(0.4));
  const { applicant, applicantId } = applicantOf(dice, company);
  const channel = channelOf(dice, company);
  // Most at the 综合窗口; the rest at the counter of the first member, each part then at its own window.
  const oneWindow = dice.chance(0.7) ? windows.get(ONE_WINDOW) : undefined;
  const chosen = bundle.members.filter((member) => member.required || dice.chance(0.7));
  const itemOf = (code: string) => items.get(code)!;
  const counter = oneWindow ?? windows.get(itemOf(chosen[0]!.item).window!)!;
  const clerk = dice.pick(counter.clerks);

  // The parts that take time carry the fate: one asked for 补正 or denied at random, the
  // slow one the member of the longest own limit (a calendar week counted as five days).
  const promised = chosen.map((member) => itemOf(member.item)).filter((item) => item.promisedDays > 0);
  const workdays = (item: DemoItem) => (item.limitUnit === 'calendar' ? (item.promisedDays * 5) / 7 : item.promisedDays);
  const slowest = promised.reduce<DemoItem | null>((slow, item) => (slow === null || workdays(item) > workdays(slow) ? item : slow), null);
  const marked = promised.length === 0 ? null : fate === 'slow' ? slowest!.code : fate === 'supplement' || fate === 'denied' ? dice.pick(promised).code : null;
  const parts: PlannedPart[] = chosen.map((member) => {
    const item = itemOf(member.item);
    const window = oneWindow ?? windows.get(item.window!)!;
    const odds: CaseContext['odds'] = {
      // An applicant withdraws the 一件事, not one of its parts (below).
      withdraw: 0,
      ...(fate === 'supplement' && item.code === marked ? { supplement: 1 } : {}),
      ...(fate === 'denied' ? { denied: item.code === marked ? 1 : 0 } : {}),
      ...(fate === 'slow' && item.code === marked ? { wholeLimit: true } : {}),
    };
    const partContext: CaseContext = {
      dice,
      calendar,
      window,
      item,
      profile: DEMO_ITEM_PROFILES[item.code] ?? DEFAULT_PROFILE,
      accepted,
      clerk: window === counter ? clerk : dice.pick(window.clerks),
      odds,
    };
    return { item: item.code, steps: partSteps(partContext) };
  });

  let finish: CombinedStep | null = fate === 'withdrawn' ? withdrawal(dice, parts, clerk) : handover(dice, calendar, parts, accepted, clerk);
  for (const part of parts) {
    const kept = part.steps.findIndex((step) => step.at.date > context.end);
    if (kept !== -1) part.steps = part.steps.slice(0, kept);
  }
  if (finish !== null && finish.at.date > context.end) finish = null;
  const without = bundle.members.filter((member) => !chosen.includes(member)).map((member) => member.item);
  return { bundle: bundle.code, applicant, applicantId, channel, at: accepted, operator: clerk, window: oneWindow?.code ?? null, without, parts, finish };
}

/**
 * A part planned as a lone case of its item, but for what the 一件事 does together: the
 * results are handed over at once (统一出件), not part by part; and a part cannot be
 * concluded in its registration, so a 即办 part is concluded right after it.
 */
function partSteps(context: CaseContext): PlannedStep[] {
  if (context.item.promisedDays > 0) return promisedSteps(context).filter((step) => step.action.command !== 'deliver');
  const { steps, concludeAtOnce } = immediateSteps(context);
  if (!concludeAtOnce) return steps;
  return [{ at: context.accepted, operator: context.clerk, action: { command: 'conclude', outcome: 'approved', location: null } }, ...steps];
}

/** 统一出件: every result handed over together, the day the last part is done or within two working days. */
function handover(dice: Dice, calendar: WorkCalendar, parts: readonly PlannedPart[], accepted: LocalMoment, clerk: string): CombinedStep {
  let last = accepted;
  for (const part of parts) for (const step of part.steps) if (isBefore(last, step.at)) last = step.at;
  const date = dice.chance(0.5) ? last.date : addWorkingDays(calendar, last.date, dice.between(1, 2));
  return { at: after(dice, last, date), operator: clerk, action: { command: 'deliver' } };
}

/**
 * The applicant gives up before the last decision: at one of the later steps of the part
 * decided last, every unfinished part is withdrawn (`case withdraw J…`); what was
 * concluded before stays concluded. The parts' steps from that moment on never happen.
 */
function withdrawal(dice: Dice, parts: PlannedPart[], clerk: string): CombinedStep {
  let latest: { part: PlannedPart; index: number } | null = null;
  for (const part of parts) {
    const index = part.steps.findIndex((step) => step.action.command === 'conclude');
    if (index === -1) continue;
    if (latest === null || isBefore(latest.part.steps[latest.index]!.at, part.steps[index]!.at)) latest = { part, index };
  }
  // Every part has a conclusion: the parts' own withdrawals are planned away.
  const { part, index } = latest!;
  const at = part.steps[index === 0 ? 0 : dice.between(1, index)]!.at;
  for (const each of parts) each.steps = each.steps.filter((step) => isBefore(step.at, at));
  return { at, operator: clerk, action: { command: 'withdraw', reason: dice.pick(WITHDRAWAL_REASONS) } };
}
