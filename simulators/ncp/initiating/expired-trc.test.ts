import { expect, it } from 'vitest';
import { assertionClock, EXPIRED_TRC_SKEW_MS, parseNcpBFault } from './faults.ts';

it('expired-trc runs the assertion clock 3 h behind; without it the clock is untouched', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const clock = () => now;
  expect(parseNcpBFault('expired-trc')).toBe('expired-trc');
  expect(assertionClock(clock, ['expired-trc'])().toISOString()).toBe('2026-01-01T09:00:00.000Z');
  expect(EXPIRED_TRC_SKEW_MS).toBe(3 * 60 * 60 * 1000);
  expect(assertionClock(clock, ['no-trc'])).toBe(clock);
  expect(assertionClock(clock)).toBe(clock);
});
