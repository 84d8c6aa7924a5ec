import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { groupCommitter } from './group-commit.ts';
import { ACME, bytesOf, cStore, GLOBEX, tempStore, type TempStore } from './test-store.ts';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
});
afterEach(() => {
  t.remove();
});

describe('groupCommitter', () => {
  it('commits the appends of one tick in one transaction and resolves each with its stored message', async () => {
    const acme = t.store.createSession(ACME).id;
    const globex = t.store.createSession(GLOBEX).id;
    const batches = vi.spyOn(t.store, 'appendMessages');
    const committer = groupCommitter(t.store);
    const stored = await Promise.all([
      committer.append(acme, cStore(), bytesOf(10, 1)),
      committer.append(globex, cStore(), bytesOf(10, 2)),
      committer.append(acme, cStore(), bytesOf(10, 3)),
    ]);
    expect(batches).toHaveBeenCalledTimes(1);
    expect(stored.map((m) => [m.sessionId, m.seq])).toEqual([[acme, 1], [globex, 1], [acme, 2]]);
    expect(t.store.messages(acme)).toHaveLength(2);
  });

  it('has nothing stored before the promise resolves, everything after', async () => {
    const acme = t.store.createSession(ACME).id;
    const pending = groupCommitter(t.store).append(acme, cStore(), bytesOf(10, 1));
    expect(t.store.messages(acme)).toEqual([]);
    await pending;
    expect(t.store.messages(acme)).toHaveLength(1);
  });

  it('commits early when the batch is full', async () => {
    const acme = t.store.createSession(ACME).id;
    const committer = groupCommitter(t.store, { maxBatch: 2 });
    const first = committer.append(acme, cStore(), bytesOf(10, 1));
    void committer.append(acme, cStore(), bytesOf(10, 2));
    expect(t.store.messages(acme)).toHaveLength(2);
    await first;
  });

  it('rejects only the faulty append of a batch; the others are stored', async () => {
    const acme = t.store.createSession(ACME).id;
    const committer = groupCommitter(t.store);
    const results = await Promise.allSettled([
      committer.append(acme, cStore(), bytesOf(10, 1)),
      committer.append('0123456789abcdef', cStore(), bytesOf(10, 2)),
      committer.append(acme, cStore(), bytesOf(10, 3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ name: 'SessionStoreError', message: expect.stringMatching(/no session/) });
    expect(t.store.messages(acme).map((m) => m.seq)).toEqual([1, 2]);
  });
});
