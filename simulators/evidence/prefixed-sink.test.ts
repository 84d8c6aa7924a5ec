import { expect, it } from 'vitest';
import { prefixedSink } from './prefixed-sink.ts';
import { createEvidenceRecorder } from './recorder.ts';

it('names the country in front of the actor and shares one index', async () => {
  const sink = createEvidenceRecorder();
  await prefixedSink(sink, 'FR').record({ actor: 'ncp-a', peer: 'x', transaction: 'ITI-38', direction: 'request', format: 'txt', body: 'a' });
  await sink.record({ actor: 'pacs', peer: 'x', transaction: 'C-ECHO', direction: 'request', format: 'txt', body: 'b' });
  expect(sink.entries().map((e) => e.actor)).toEqual(['FR.ncp-a', 'pacs']);
});
