import { describe, expect, it } from 'vitest';
import { createDiscardingSink } from './discarding-sink.ts';

describe('discarding evidence sink', () => {
  it('keeps nothing and says so when asked to read', async () => {
    const sink = createDiscardingSink();
    expect(await sink.record({ actor: 'pacs', peer: 'p', transaction: 'C-ECHO', direction: 'request', format: 'txt', body: 'x' })).toBeUndefined();
    expect(sink.entries()).toEqual([]);
    await expect(sink.read({ seq: 1, time: '', actor: 'pacs', peer: 'p', transaction: 'C-ECHO', direction: 'request', bytes: 1, file: 'x' })).rejects.toThrow(/--evidence/);
    await sink.close();
  });
});
