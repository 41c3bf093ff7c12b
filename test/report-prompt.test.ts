/** `hall report` at a terminal without a period asks for the month; Ctrl-C there ends with 130 and writes nothing. */
import { describe, expect, it, vi } from 'vitest';
import { Cancelled } from '../src/core/errors.js';
import { freshDb, hall } from './helpers.js';

const askMonth = vi.fn();
vi.mock('../src/cli/prompt.js', () => ({ askMonth }));

describe('report month prompt', () => {
  it('asks a clerk at a terminal for the month, offering today, and reports that month', async () => {
    const db = await freshDb();
    askMonth.mockResolvedValueOnce('2025-09');
    const result = await hall(db, ['report', 'monthly', '--format', 'json'], { HALL_NOW: '2025-10-09T09:30:00+08:00' }, true, true);
    expect(result.code).toBe(0);
    expect(askMonth).toHaveBeenCalledWith('2025-10-09', 'zh');
    expect(JSON.parse(result.stdout).period).toEqual({ from: '2025-09-01', to: '2025-09-30' });
  });

  it('refuses a typed month that is not one, and exits 130 on Ctrl-C', async () => {
    const db = await freshDb();
    askMonth.mockResolvedValueOnce('九月');
    const bad = await hall(db, ['report', 'monthly'], {}, true, true);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--month "九月" 无效');
    askMonth.mockRejectedValueOnce(new Cancelled('report_month'));
    const cancelled = await hall(db, ['report', 'assessment'], {}, true, true);
    expect(cancelled).toMatchObject({ code: 130, stdout: '' });
  });
});
