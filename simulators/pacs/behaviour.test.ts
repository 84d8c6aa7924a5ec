import { describe, expect, it } from 'vitest';
import { abortAfterGate, conformant, echoHandler, faultOf, parseFault, statusOverride } from './behaviour.ts';

describe('parseFault', () => {
  it('reads every named fault', () => {
    expect(parseFault('reject-association')).toEqual({ kind: 'reject-association' });
    expect(parseFault('refuse-sop-class:1.2.840.10008.5.1.4.1.1.2')).toEqual({ kind: 'refuse-sop-class', sopClassUid: '1.2.840.10008.5.1.4.1.1.2' });
    expect(parseFault('abort-after:3')).toEqual({ kind: 'abort-after', stores: 3 });
    expect(parseFault('slow:250')).toEqual({ kind: 'slow', delayMs: 250 });
    expect(parseFault('wrong-status:0xA700')).toEqual({ kind: 'wrong-status', command: 'C-STORE', status: 0xa700 });
    expect(parseFault('wrong-status:C-FIND=0xC000')).toEqual({ kind: 'wrong-status', command: 'C-FIND', status: 0xc000 });
  });

  it('rejects malformed spellings with a reason', () => {
    expect(() => parseFault('explode')).toThrow(/unknown fault "explode"/);
    expect(() => parseFault('abort-after:-1')).toThrow(/non-negative/);
    expect(() => parseFault('refuse-sop-class:1.02')).toThrow(/SOP Class UID/);
    expect(() => parseFault('wrong-status:C-PUSH=0x0000')).toThrow(/unknown command/);
    expect(() => parseFault('wrong-status:42')).toThrow(/16-bit status/);
  });
});

describe('fault lookup', () => {
  it('finds a fault by kind and a status override by command', () => {
    const behaviour = { faults: [parseFault('slow:10'), parseFault('wrong-status:C-MOVE=0xA801')] };
    expect(faultOf(behaviour, 'slow')?.delayMs).toBe(10);
    expect(faultOf(behaviour, 'abort-after')).toBeUndefined();
    expect(statusOverride(behaviour, 'C-MOVE')).toBe(0xa801);
    expect(statusOverride(behaviour, 'C-STORE')).toBeUndefined();
  });
});

describe('abortAfterGate', () => {
  it('opens past the limit, per association', () => {
    const past = abortAfterGate({ faults: [parseFault('abort-after:2')] });
    expect([past('a'), past('a'), past('b'), past('a'), past('b')]).toEqual([false, false, false, true, false]);
  });

  it('never opens without the fault', () => {
    const past = abortAfterGate(conformant);
    expect(Array.from({ length: 5 }, () => past('a'))).toEqual([false, false, false, false, false]);
  });
});

describe('echoHandler', () => {
  it('answers success, or the wrong-status override', async () => {
    expect(await echoHandler(conformant)()).toBe(0);
    expect(await echoHandler({ faults: [parseFault('wrong-status:C-ECHO=0x0110')] })()).toBe(0x0110);
  });
});
