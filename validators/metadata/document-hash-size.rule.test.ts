import { describe, expect, it } from 'vitest';
import { setSlot } from '../../simulators/registry/xds-view.ts';
import { documentHashSize } from './document-hash-size.rule.ts';
import { entry, findingsOf, imagingSubmission } from './test-submissions.ts';

describe('metadata.document.hash-size', () => {
  it('passes entries whose hash and size match the bytes', () => expect(findingsOf(documentHashSize, imagingSubmission())).toEqual([]));

  it('fails a hash and a size that describe other bytes', () => {
    const s = imagingSubmission();
    const kos = entry(s.objects, s.ids.kos!);
    setSlot(kos, 'hash', ['0'.repeat(40)]);
    setSlot(kos, 'size', ['1']);
    expect(findingsOf(documentHashSize, s)).toEqual([
      expect.objectContaining({ severity: 'error', path: expect.stringMatching(/Slot\[hash\]$/), actual: '0'.repeat(40) }),
      expect.objectContaining({ severity: 'error', path: expect.stringMatching(/Slot\[size\]$/), actual: '1', expected: String(s.documents.get(s.ids.kos!)!.byteLength) }),
    ]);
  });

  it('accepts an upper-case hex hash', () => {
    const s = imagingSubmission();
    const kos = entry(s.objects, s.ids.kos!);
    setSlot(kos, 'hash', [kos.slots.find((x) => x.name === 'hash')!.values[0]!.toUpperCase()]);
    expect(findingsOf(documentHashSize, s)).toEqual([]);
  });

  it('says "not evaluated" (info) without the bytes, instead of passing silently', () => {
    const s = imagingSubmission();
    expect(findingsOf(documentHashSize, { objects: s.objects })).toEqual([expect.objectContaining({ severity: 'info', message: expect.stringMatching(/^not evaluated/) })]);
    s.documents.delete(s.ids.report!);
    expect(findingsOf(documentHashSize, s)).toEqual([expect.objectContaining({ severity: 'info', path: `DocumentEntry[${entry(s.objects, s.ids.report!).id}]` })]);
  });
});
