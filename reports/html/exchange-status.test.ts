import { describe, expect, it } from 'vitest';
import { exchangeState, worse } from './exchange-status.ts';

describe('exchangeState', () => {
  it.each([
    [undefined, 'ok'],
    ['200', 'ok'],
    ['200 Success', 'ok'],
    ['200 OK', 'ok'],
    ['0x0000', 'ok'],
    ['0xFF00', 'ok'],
    ['accepted', 'ok'],
    ['released', 'ok'],
    ['400 Fault:Sender', 'failed'],
    ['500', 'failed'],
    ['0xA700', 'failed'],
    ['0xb000', 'failed'],
    ['200 Failure (0/1 communities)', 'failed'],
    ['rejected', 'failed'],
    ['aborted', 'failed'],
    ['200 PartialSuccess (68/69 images)', 'partial'],
  ])('%s is %s', (status, state) => {
    expect(exchangeState(status)).toBe(state);
  });

  it('keeps the worse state', () => {
    expect(worse('ok', 'failed')).toBe('failed');
    expect(worse('partial', 'ok')).toBe('partial');
  });
});
