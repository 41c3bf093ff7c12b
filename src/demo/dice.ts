/**
 * The demo's chance: one seeded generator, so the same seed plans the same center on
 * every platform, and the office hours its moments fall in.
 */
import type { IsoDate } from '../core/dates.js';

/** mulberry32: a tiny 32-bit PRNG, good enough for believable data and the same on every platform. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Office hours: 08:30–12:00 and 13:30–17:30 (the default closing time).
const MORNING = [8 * 60 + 30, 12 * 60] as const;
const AFTERNOON = [13 * 60 + 30, 17 * 60 + 15] as const;
const LAST_MINUTE = 17 * 60 + 25;

/** A moment in the center's local time: a date and minutes past midnight. */
export interface LocalMoment {
  date: IsoDate;
  minutes: number;
}

/** Whether `a` comes strictly before `b`. */
export function isBefore(a: LocalMoment, b: LocalMoment): boolean {
  return a.date < b.date || (a.date === b.date && a.minutes < b.minutes);
}

/** The seeded dice of one plan. */
export class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  unit(): number {
    return this.next();
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  /** A whole number from `min` to `max`, both included. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)]!;
  }
  /** An index drawn in proportion to `weights`, given as running totals. */
  weighted(cumulative: readonly number[]): number {
    const target = this.next() * cumulative[cumulative.length - 1]!;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
  /** A time of day inside office hours, mornings busier than afternoons. */
  officeMinute(): number {
    const [from, to] = this.chance(0.6) ? MORNING : AFTERNOON;
    return this.between(from, to - 1);
  }
}

/** The next moment on `date`, not before `previous` (events of a case never go back in time). */
export function after(dice: Dice, previous: LocalMoment, date: IsoDate): LocalMoment {
  if (date > previous.date) return { date, minutes: dice.officeMinute() };
  let minutes = previous.minutes + dice.between(3, 80);
  if (minutes > MORNING[1] && minutes < AFTERNOON[0]) minutes += AFTERNOON[0] - MORNING[1];
  return { date: previous.date, minutes: Math.max(previous.minutes, Math.min(minutes, LAST_MINUTE)) };
}
