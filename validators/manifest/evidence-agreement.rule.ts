/**
 * The content tree and the evidence sequence must name the same instances: PS3.3 C.17.6.2.1 makes
 * the evidence the full list of what the content references, and an XDS-I.b manifest references
 * every shared instance in its content. An instance in one and not the other is either never
 * retrieved (no series location) or never shown (not selected): images silently go missing.
 */
import { datasetRule } from './define-rule.ts';
import { contentReferences, evidenceInstances } from './references.ts';

export const evidenceAgreesWithContent = datasetRule({
  id: 'manifest.evidence.content-agreement',
  title: 'Every instance the content references is in the evidence sequence with the same SOP Class, and every evidence instance is referenced; none is listed twice',
  severity: 'error',
  requirements: ['MET-07', 'RISK-MISSING', 'GEN-05'],
  specRef: 'DICOM PS3.3 C.17.6.2.1; IHE RAD TF-3 4.68.4.1.2.2',
  *check(ds) {
    const evidence = evidenceInstances(ds);
    const byUid = new Map<string, (typeof evidence)[number]>();
    for (const instance of evidence) {
      if (instance.sopInstanceUid === undefined) continue;
      if (byUid.has(instance.sopInstanceUid)) {
        yield { path: instance.path, message: `instance ${instance.sopInstanceUid} listed twice in the evidence sequence`, expected: 'each instance once', actual: `also at ${byUid.get(instance.sopInstanceUid)!.path}` };
        continue;
      }
      byUid.set(instance.sopInstanceUid, instance);
    }
    const referenced = new Set<string>();
    for (const ref of contentReferences(ds)) {
      if (ref.sopInstanceUid === undefined) continue;
      referenced.add(ref.sopInstanceUid);
      const listed = byUid.get(ref.sopInstanceUid);
      if (!listed) {
        yield { path: ref.path, message: `content references ${ref.sopInstanceUid}, which the evidence sequence does not list`, expected: 'listed in (0040,A375)', actual: '(not listed)' };
      } else if (listed.sopClassUid !== ref.sopClassUid) {
        yield { path: ref.path, message: `SOP Class of ${ref.sopInstanceUid} differs between content and evidence`, expected: listed.sopClassUid ?? '(absent)', actual: ref.sopClassUid ?? '(absent)' };
      }
    }
    for (const instance of byUid.values()) {
      if (!referenced.has(instance.sopInstanceUid!)) {
        yield { path: instance.path, message: `evidence lists ${instance.sopInstanceUid}, which no content item references`, expected: 'an IMAGE/COMPOSITE/WAVEFORM item for it', actual: '(not referenced)' };
      }
    }
  },
});
