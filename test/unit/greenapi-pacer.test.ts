import { describe, expect, it, vi } from 'vitest';
import { createPacer } from '../../src/greenapi/pacer.js';

/** A fake clock whose sleep advances time, recording every wait. */
function fakeClock() {
  let t = 0;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    advance: (ms: number) => (t += ms),
    waits,
  };
}

describe('pacer', () => {
  it('spaces 1-rps methods by 1.05 s, and the first call does not wait', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    await pacer.acquire('1101', 'getChatHistory');
    await pacer.acquire('1101', 'getChatHistory');
    await pacer.acquire('1101', 'getChatHistory');
    expect(clock.waits).toEqual([1050, 1050]);
  });

  it('uses the documented rate per method, case-insensitively', () => {
    const pacer = createPacer();
    expect(pacer.intervalMs('getChats')).toBeCloseTo(1050);
    expect(pacer.intervalMs('GetMessage')).toBeCloseTo(105);
    expect(pacer.intervalMs('downloadFile')).toBeCloseTo(210);
    expect(pacer.intervalMs('receiveNotification')).toBeCloseTo(15); // 10 ms + the 5 ms floor
    expect(pacer.intervalMs('somethingNew')).toBeCloseTo(1050);
  });

  it('keeps separate slots per instance and per method', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    await pacer.acquire('1', 'getChatHistory');
    await pacer.acquire('2', 'getChatHistory');
    await pacer.acquire('1', 'getMessage');
    expect(clock.waits).toEqual([]);
  });

  it('concurrent callers queue up one interval apart', async () => {
    vi.useFakeTimers();
    try {
      const pacer = createPacer({
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      });
      const t0 = Date.now();
      const starts: number[] = [];
      const all = Promise.all(
        [1, 2, 3].map(() => pacer.acquire('1', 'getChats').then(() => starts.push(Date.now() - t0))),
      );
      await vi.advanceTimersByTimeAsync(5000);
      await all;
      expect(starts).toEqual([0, 1050, 2100]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a timer that fires late pushes the next caller back (real spacing, not planned spacing)', async () => {
    vi.useFakeTimers();
    try {
      const late = [800]; // the first sleep overshoots by 800 ms, as on a busy event loop
      const pacer = createPacer({
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms + (late.shift() ?? 0))),
      });
      const t0 = Date.now();
      const starts: number[] = [];
      const all = Promise.all(
        [1, 2, 3].map(() => pacer.acquire('1', 'getChats').then(() => starts.push(Date.now() - t0))),
      );
      await vi.advanceTimersByTimeAsync(10_000);
      await all;
      expect(starts).toEqual([0, 1850, 2900]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('time already passed counts toward the interval', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    await pacer.acquire('1', 'getChats');
    clock.advance(800);
    await pacer.acquire('1', 'getChats');
    expect(clock.waits).toEqual([250]);
  });

  it('speedFactor divides the interval but keeps a real-time safety floor; unlimited never waits', async () => {
    expect(createPacer({ speedFactor: 10 }).intervalMs('getChatHistory')).toBeCloseTo(105);
    expect(createPacer({ speedFactor: 100 }).intervalMs('getChatHistory')).toBeCloseTo(15);
    expect(createPacer({ speedFactor: 100, minMarginMs: 0 }).intervalMs('getChatHistory')).toBeCloseTo(10.5);
    const clock = fakeClock();
    const pacer = createPacer({ unlimited: true, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 5; i++) await pacer.acquire('1', 'getChatHistory');
    expect(clock.waits).toEqual([]);
    expect(() => createPacer({ speedFactor: 0 })).toThrow(RangeError);
  });

  it('penalize pushes the next slot one interval out', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep, margin: 0, minMarginMs: 0 });
    pacer.penalize('1', 'getChats');
    await pacer.acquire('1', 'getChats');
    expect(clock.waits).toEqual([1000]);
  });

  it('a request that left after its slot began spaces the next one from when it left', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep, margin: 0, minMarginMs: 0 });
    await pacer.acquire('1', 'getChats');
    clock.advance(40); // held after its slot began
    pacer.sent('1', 'getChats');
    await pacer.acquire('1', 'getChats');
    pacer.sent('1', 'getChats'); // left at once
    await pacer.acquire('1', 'getChats');
    // A full interval after it left at 40 ms (spaced from its slot, the wait would be 960 ms).
    expect(clock.waits).toEqual([1000, 1000]);
    pacer.sent('1', 'otherInstanceMethod'); // other slots are untouched
    await pacer.acquire('1', 'getChats');
    expect(clock.waits).toEqual([1000, 1000, 1000]);
  });

  it('one pacer shared by two clients of an instance serialises them', async () => {
    const clock = fakeClock();
    const pacer = createPacer({ now: clock.now, sleep: clock.sleep });
    // Two "clients" are just two callers of the same pacer object.
    await pacer.acquire('1101', 'lastIncomingMessages');
    await pacer.acquire('1101', 'lastIncomingMessages');
    expect(clock.waits).toEqual([1050]);
  });

  it('rejects when the signal is already aborted, or aborts during the wait', async () => {
    const pacer = createPacer({ speedFactor: 1 });
    const aborted = AbortSignal.abort();
    await expect(pacer.acquire('1', 'getChats', aborted)).rejects.toThrow();
    await pacer.acquire('1', 'getChats');
    const controller = new AbortController();
    const pending = pacer.acquire('1', 'getChats', controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
