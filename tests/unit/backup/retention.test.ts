import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseBackupsToKeep, isoWeekOf, type RetainedBackup } from '../../../main/domain/backup/retention';

const backup = (takenAt: string): RetainedBackup => ({ id: takenAt, takenAt, day: takenAt.slice(0, 10) });
const ids = (list: RetainedBackup[]) => list.map((b) => b.id);

describe('backup retention', () => {
  it('keeps the newest backup of each of the last 7 days and of each of the last 4 weeks', () => {
    // Two backups a day (02:00 daily, 15:00 manual) from 1 June to 20 July 2025.
    const all: RetainedBackup[] = [];
    for (let d = Date.parse('2025-06-01'); d <= Date.parse('2025-07-20'); d += 86_400_000) {
      const day = new Date(d).toISOString().slice(0, 10);
      all.push(backup(`${day}T02:00:00.000Z`), backup(`${day}T15:00:00.000Z`));
    }
    const { keep, remove } = chooseBackupsToKeep(all, { keepDaily: 7, keepWeekly: 4 });
    // Days 14..20 July (their afternoon backups), then the newest of the weeks before: Sunday 13 July
    // is the week of 7 July's newest, 6 July of 30 June's, 29 June of 23 June's (20 July's week is already kept).
    expect(ids(keep)).toEqual([
      '2025-07-20T15:00:00.000Z',
      '2025-07-19T15:00:00.000Z',
      '2025-07-18T15:00:00.000Z',
      '2025-07-17T15:00:00.000Z',
      '2025-07-16T15:00:00.000Z',
      '2025-07-15T15:00:00.000Z',
      '2025-07-14T15:00:00.000Z',
      '2025-07-13T15:00:00.000Z',
      '2025-07-06T15:00:00.000Z',
      '2025-06-29T15:00:00.000Z',
    ]);
    expect(keep.length + remove.length).toBe(all.length);
  });

  it('counts days that have backups: after two weeks with the computer off the last seven backups are still there', () => {
    const before = ['2025-07-01', '2025-07-02', '2025-07-03', '2025-07-04', '2025-07-05', '2025-07-06', '2025-07-07', '2025-07-08'].map((d) => backup(`${d}T02:00:00.000Z`));
    const { keep } = chooseBackupsToKeep([...before, backup('2025-07-23T02:00:00.000Z')], { keepDaily: 7, keepWeekly: 0 });
    expect(ids(keep)).toEqual(['2025-07-23T02:00:00.000Z', ...ids(before.slice(2).reverse())]);
  });

  it('always keeps the newest backup, even with retention set to nothing', () => {
    const { keep, remove } = chooseBackupsToKeep([backup('2025-07-01T02:00:00.000Z'), backup('2025-07-02T02:00:00.000Z')], { keepDaily: 0, keepWeekly: 0 });
    expect(ids(keep)).toEqual(['2025-07-02T02:00:00.000Z']);
    expect(ids(remove)).toEqual(['2025-07-01T02:00:00.000Z']);
    expect(chooseBackupsToKeep([], { keepDaily: 7, keepWeekly: 4 })).toEqual({ keep: [], remove: [] });
  });

  it('ISO weeks: Monday to Sunday, week 1 holds the first Thursday', () => {
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2021-01-04')).toBe('2021-W01');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2025-07-13')).toBe('2025-W28');
    expect(isoWeekOf('2025-07-14')).toBe('2025-W29');
  });

  it('properties: a partition of the backups, newest kept, one per day at most, the recent days all covered, and stable when applied again', () => {
    const instant = fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2026-12-31') }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.uniqueArray(instant, { maxLength: 80 }), fc.nat(12), fc.nat(8), (times, keepDaily, keepWeekly) => {
        const all = times.map(backup);
        const policy = { keepDaily, keepWeekly };
        const { keep, remove } = chooseBackupsToKeep(all, policy);
        expect(new Set([...ids(keep), ...ids(remove)])).toEqual(new Set(ids(all)));
        expect(keep.length + remove.length).toBe(all.length);
        if (all.length === 0) return;
        const newestFirst = [...all].sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1));
        expect(keep[0].id).toBe(newestFirst[0].id);
        expect(keep.length).toBeLessThanOrEqual(1 + keepDaily + keepWeekly);
        // Every kept backup is the newest of its day.
        for (const k of keep) expect(newestFirst.find((b) => b.day === k.day)!.id).toBe(k.id);
        // The newest backup of each of the last keepDaily days (with backups) is kept.
        const days = [...new Set(newestFirst.map((b) => b.day))].slice(0, keepDaily);
        for (const day of days) expect(ids(keep)).toContain(newestFirst.find((b) => b.day === day)!.id);
        const weeks = [...new Set(newestFirst.map((b) => isoWeekOf(b.day)))].slice(0, keepWeekly);
        for (const week of weeks) expect(ids(keep)).toContain(newestFirst.find((b) => isoWeekOf(b.day) === week)!.id);
        // Pruning again removes nothing more.
        expect(chooseBackupsToKeep(keep, policy).remove).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
