import { describe, expect, it } from 'vitest';
import { deriveExchanges, fold, knownEndpoints, peerLane, sideOf, type Exchange } from './exchanges.ts';
import { testReport } from './test-report.ts';

describe('deriveExchanges', () => {
  const report = testReport();
  const exchanges = deriveExchanges(report.messages);

  it('pairs caller and callee records into one arrow between the recording actors', () => {
    expect(exchanges.map((e) => [e.from, e.to, e.transaction])).toEqual([
      ['consumer', 'CZ.ncp-b', 'ITI-55'],
      ['CZ.ncp-b', 'NL.ncp-a', 'ITI-55'],
      ['CZ.ncp-b', 'NL.ncp-a', 'ITI-38'],
      ['CZ.ncp-b', 'CZ.pacs', 'A-ASSOCIATE'],
      ['CZ.ncp-b', 'CZ.pacs', 'C-STORE'],
    ]);
  });

  it('links an arrow to the caller request and response and times it', () => {
    const first = exchanges[0]!;
    expect(first.requestSeq).toBe(1);
    expect(first.responseSeq).toBe(8);
    expect(first.endMs - first.startMs).toBe(60);
  });

  it('counts DIMSE operations of an association and marks a SOAP fault failed', () => {
    expect(exchanges.find((e) => e.transaction === 'C-STORE')).toMatchObject({ count: 3, state: 'ok' });
    expect(exchanges.find((e) => e.transaction === 'ITI-38')).toMatchObject({ state: 'failed', status: '400' });
  });

  it('places an unanswered call to an unknown peer on its own lane, failed', () => {
    const [only] = deriveExchanges([{ seq: 1, time: '2026-01-01T00:00:00.000Z', actor: 'CZ.ncp-b', peer: 'http://127.0.0.1:9/ncp', transaction: 'ITI-38', direction: 'request', bytes: 10, file: 'a.xml', step: 'x/main/list' }]);
    expect(only).toMatchObject({ from: 'CZ.ncp-b', to: 'peer:127.0.0.1:9/ncp', state: 'failed', status: 'no response' });
  });

  it('does not pair a callee with a caller the A-ASSOCIATE records contradict', () => {
    const modality = deriveExchanges(
      report.messages.map((m) => (m.actor === 'CZ.pacs' ? { ...m, peer: 'MODALITY@127.0.0.1:1' } : m)).filter((m) => !(m.actor === 'CZ.ncp-b' && m.transaction.startsWith('A-'))),
    );
    expect(modality.find((e) => e.to === 'CZ.pacs' && e.transaction === 'C-STORE')?.from).toBe('CZ.ncp-b');
  });
});

describe('helpers', () => {
  it('tells the side from the peer and association', () => {
    expect(sideOf({ peer: 'http://h/x' })).toBe('client');
    expect(sideOf({ peer: 'AE@h:1', association: 'req-1' })).toBe('client');
    expect(sideOf({ peer: 'AE@h:1', association: 'acc-1' })).toBe('server');
    expect(sideOf({ peer: 'local' })).toBe('local');
  });

  it('names a peer lane by AE title, URL host and path, or bare host', () => {
    expect(peerLane('AT_MODALITY@127.0.0.1:5')).toBe('peer:AT_MODALITY');
    expect(peerLane('http://127.0.0.1:9/ncp?x=1')).toBe('peer:127.0.0.1:9/ncp');
    expect(peerLane('127.0.0.1:40001')).toBe('peer:127.0.0.1');
  });

  it('reads endpoints from A-ASSOCIATE records and keeps only unambiguous AE titles', () => {
    const known = knownEndpoints(testReport().messages);
    expect(known.endpoints.get('IXH_CZ_PACS@127.0.0.1:104')).toBe('CZ.pacs');
    expect(known.aes.get('IXH_CZ_NCPB')).toBe('CZ.ncp-b');
  });

  it('folds alike exchanges of a step but keeps failed ones apart', () => {
    const e = (seq: number, state: Exchange['state']): Exchange => ({ step: 's', transaction: 'C-STORE', from: 'a', to: 'b', count: 1, bytes: 10, startMs: seq, endMs: seq + 1, state, requestSeq: seq, seqs: [seq] });
    const folded = fold([e(1, 'ok'), e(2, 'ok'), e(3, 'failed'), e(4, 'ok')]);
    expect(folded.map((x) => [x.count, x.bytes, x.state, x.endMs - x.startMs])).toEqual([
      [3, 30, 'ok', 4],
      [1, 10, 'failed', 1],
    ]);
  });
});
