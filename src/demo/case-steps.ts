/**
 * What becomes of one accepted case of the demo center, step by step: a 即办件 concluded
 * at once or a little later, a 承诺件 through its stages with perhaps a 补正 or an Art. 45
 * procedure, a denial, a withdrawal, the delivery and a rating. A lone case and each part
 * of a combined case (src/demo/combined.ts) are planned by the same steps.
 */
import { addWorkingDays, countDays, type WorkCalendar, workingDayOnOrAfter } from '../core/calendar.js';
import type { CaseAction } from '../core/case-step.js';
import { addDays, type IsoDate } from '../core/dates.js';
import { BACKOFFICE_STAFF, type DemoWindow, type ItemProfile } from './center.js';
import { after, type Dice, type LocalMoment } from './dice.js';
import { BAD_COMMENTS, DENIAL_REASONS, GOOD_COMMENTS, SUPPLEMENT_MATERIALS, WITHDRAWAL_REASONS } from './people.js';
import type { DemoItem } from './plan.js';

export interface PlannedStep {
  at: LocalMoment;
  operator: string;
  action: CaseAction;
}

/** A level of 好差评, mostly 非常满意, with a few bad ones; a late case is rated worse. */
function ratingLevel(dice: Dice, late: boolean): number {
  const roll = dice.unit() - (late ? 0.35 : 0);
  if (roll < 0.012) return 1;
  if (roll < 0.03) return 2;
  if (roll < 0.075) return 3;
  if (roll < 0.23) return 4;
  return 5;
}

export interface CaseContext {
  dice: Dice;
  calendar: WorkCalendar;
  window: DemoWindow;
  item: DemoItem;
  profile: ItemProfile;
  accepted: LocalMoment;
  clerk: string;
  /**
   * The chances of a 补正, a denial and a withdrawal where a plan sets them instead of the
   * item's, and whether the case takes its whole promised limit: a combined case chooses
   * the part asked for more materials, denied or slow, and is withdrawn whole, never one
   * part alone.
   */
  odds?: { supplement?: number; denied?: number; withdraw?: number; wholeLimit?: boolean };
}

/** The steps of a 即办件 (promised limit 0) after its acceptance. */
export function immediateSteps(context: CaseContext): { steps: PlannedStep[]; concludeAtOnce: boolean } {
  const { dice, calendar, accepted, clerk } = context;
  if (dice.chance(0.86)) return { steps: withRating(context, [], accepted, false), concludeAtOnce: true };
  // Some take a while, a few go to the back office, and now and then one slips to the next day (overdue).
  const late = dice.chance(0.04);
  const date = late ? addWorkingDays(calendar, accepted.date, 1) : accepted.date;
  const at = after(dice, accepted, date);
  const backoffice = dice.chance(0.3);
  const conclusion: PlannedStep = {
    at,
    operator: backoffice ? dice.pick(BACKOFFICE_STAFF) : clerk,
    action: { command: 'conclude', outcome: 'approved', location: backoffice ? 'backoffice' : null },
  };
  return { steps: withRating(context, [conclusion], at, late), concludeAtOnce: false };
}

/** A rating after the service for about two in three concluded cases. */
function withRating(context: CaseContext, steps: PlannedStep[], last: LocalMoment, late: boolean): PlannedStep[] {
  const { dice } = context;
  if (!dice.chance(0.65)) return steps;
  const level = ratingLevel(dice, late);
  const at = after(dice, last, last.date);
  const comment = level <= 2 ? dice.pick(BAD_COMMENTS) : dice.pick(GOOD_COMMENTS);
  return [...steps, { at, operator: context.clerk, action: { command: 'rate', level, comment, date: at.date, replace: false } }];
}

/**
 * The steps of a 承诺件 after its acceptance. Offsets count days of the item's unit
 * while the clock runs: a case concluded at offset k has used k days, so it is late
 * exactly when k exceeds the promised limit, whatever its pause (the pause moves the
 * deadline and the later dates alike).
 */
export function promisedSteps(context: CaseContext): PlannedStep[] {
  const { dice, calendar, item, profile, accepted, clerk } = context;
  const promised = item.promisedDays;
  const unit = item.limitUnit;
  const late = dice.chance(profile.late ?? 0.004);
  const used = late ? promised + dice.between(1, 3) : context.odds?.wholeLimit ? promised : dice.between(Math.max(1, Math.ceil(promised * 0.2)), promised);
  const dateAt = (offset: number): IsoDate =>
    unit === 'calendar' ? workingDayOnOrAfter(calendar, addDays(accepted.date, offset)) : addWorkingDays(calendar, accepted.date, offset);

  const decide = item.stages.indexOf('decide');
  const before = item.stages.slice(1, decide === -1 ? item.stages.length : decide);
  // The review usually starts the day of acceptance; later stages spread toward the decision.
  const offsets: number[] = [];
  before.forEach((_, index) => {
    const spread = Math.floor((used * (index + 1)) / (before.length + 1));
    offsets.push(index === 0 ? (dice.chance(0.6) ? 0 : Math.min(1, spread)) : Math.max(offsets[index - 1]!, spread));
  });

  const special = profile.special && dice.chance(0.3) ? dice.pick(profile.special) : null;
  const supplement = !special && dice.chance(context.odds?.supplement ?? profile.supplement ?? 0.07) ? dice.pick(SUPPLEMENT_MATERIALS) : null;
  // 补正 comes with the review (一次性告知); an Art. 45 procedure once the file is examined.
  const pauseAfter = special ? before.length - 1 : 0;
  const pauseOffset = offsets[pauseAfter] ?? 0;
  const pauseLength = special ? dice.between(5, 15) : dice.between(1, 6);
  const backoffice = dice.chance(0.12);

  type Planned = { offset: number; action: CaseAction; backoffice: boolean; pause?: 'start' | 'end' };
  const sequence: Planned[] = [];
  before.forEach((stage, index) => {
    sequence.push({ offset: offsets[index]!, action: { command: 'advance', to: stage, location: backoffice ? 'backoffice' : null }, backoffice });
    if (index === pauseAfter && (special || supplement)) {
      sequence.push({
        offset: pauseOffset,
        action: special ? { command: 'suspend', reason: special } : { command: 'supplement', materials: supplement! },
        backoffice: false,
        pause: 'start',
      });
      sequence.push({ offset: pauseOffset, action: { command: 'resume' }, backoffice: false, pause: 'end' });
    }
  });
  if (before.length === 0 && supplement) {
    sequence.push({ offset: 0, action: { command: 'supplement', materials: supplement }, backoffice: false, pause: 'start' });
    sequence.push({ offset: 0, action: { command: 'resume' }, backoffice: false, pause: 'end' });
  }
  const denied = dice.chance(context.odds?.denied ?? 0.03);
  sequence.push({
    offset: used,
    action: { command: 'conclude', outcome: denied ? 'denied' : 'approved', reason: denied ? dice.pick(DENIAL_REASONS) : undefined, location: null },
    backoffice,
  });

  // An applicant may withdraw before the decision, often while asked for more materials.
  const withdrawAt = dice.chance(context.odds?.withdraw ?? 0.025) ? dice.between(1, sequence.length - 1) : -1;

  const steps: PlannedStep[] = [];
  let last = accepted;
  let pauseStart: IsoDate | null = null;
  let pausedDays = 0;
  for (const [index, planned] of sequence.entries()) {
    let date: IsoDate;
    if (planned.pause === 'end') {
      const resumed =
        unit === 'calendar' ? workingDayOnOrAfter(calendar, addDays(pauseStart!, pauseLength)) : addWorkingDays(calendar, pauseStart!, pauseLength);
      pausedDays = countDays(calendar, pauseStart!, resumed, unit);
      date = resumed;
    } else {
      date = dateAt(planned.offset + pausedDays);
    }
    if (date < last.date) date = last.date;
    const at = after(dice, last, date);
    if (index === withdrawAt) {
      steps.push({ at, operator: clerk, action: { command: 'withdraw', reason: dice.pick(WITHDRAWAL_REASONS) } });
      return steps;
    }
    if (planned.pause === 'start') pauseStart = at.date;
    steps.push({ at, operator: planned.backoffice ? dice.pick(BACKOFFICE_STAFF) : clerk, action: planned.action });
    last = at;
  }
  // 送达: the certificate handed over or posted, the same day or within two working days.
  if (item.stages.includes('deliver') && !denied) {
    const at = after(dice, last, dice.chance(0.5) ? last.date : addWorkingDays(calendar, last.date, dice.between(1, 2)));
    steps.push({ at, operator: clerk, action: { command: 'deliver' } });
    last = at;
  }
  return withRating(context, steps, last, late);
}
