/**
 * Base rules (DICOM KOS / TID 2010): each passes the harness KOS and fails a mutated copy.
 * One table per rule file: sop-class, kind, content-root, content-items, evidence-structure,
 * evidence-agreement, uid-syntax, pixel-data.
 */
import { describe, expect, it } from 'vitest';
import { checkMutations, findingsOf, run, xdsiManifest, type Item } from './test-manifests.ts';

const evidenceSeries = (ds: Item): Item[] => ds.CurrentRequestedProcedureEvidenceSequence[0].ReferencedSeriesSequence;
const refItems = (ds: Item): Item[] => ds.ContentSequence.filter((i: Item) => i.ValueType === 'IMAGE' || i.ValueType === 'COMPOSITE');

describe('manifest.sop-class.kos', () => {
  it('fails another SOP Class', () => checkMutations('manifest.sop-class.kos', [
    { name: 'Basic Text SR', profile: 'base', from: 'xds-i', mutate: (ds) => { ds.SOPClassUID = '1.2.840.10008.5.1.4.1.1.88.11'; }, expected: [{ path: '(0008,0016)', severity: 'error', actual: '1.2.840.10008.5.1.4.1.1.88.11' }] },
    { name: 'absent', profile: 'base', from: 'xds-i', mutate: (ds) => { delete ds.SOPClassUID; }, expected: [{ path: '(0008,0016)', actual: '(absent)' }] },
  ]));
});

describe('manifest.kind.not-a-manifest', () => {
  const kin = (ds: Item): void => { ds.ConceptNameCodeSequence = [{ CodeValue: '113000', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Of Interest' }]; };
  it('flags a key-image note: warning under base, error under xca-i and mado, naming its title', () => checkMutations('manifest.kind.not-a-manifest', [
    { name: 'KIN base', profile: 'base', from: 'xds-i', mutate: kin, expected: [{ severity: 'warning', path: '(0040,A043)', actual: '(113000, DCM, "Of Interest")' }] },
    { name: 'KIN xca-i', profile: 'xca-i', from: 'xds-i', mutate: kin, expected: [{ severity: 'error', actual: '(113000, DCM, "Of Interest")' }] },
    { name: 'KIN mado', profile: 'mado', from: 'mado', mutate: kin, expected: [{ severity: 'error', actual: '(113000, DCM, "Of Interest")' }] },
    { name: 'rejection note', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { ds.ConceptNameCodeSequence = [{ CodeValue: '113001', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Rejected for Quality Reasons' }]; }, expected: [{ severity: 'error' }] },
  ]));
  it('names the KIN title in the message', () => {
    const ds = xdsiManifest();
    kin(ds);
    expect(findingsOf(run(ds, 'xca-i'), 'manifest.kind.not-a-manifest')[0]!.message).toContain('key-image note');
  });
});

describe('manifest.content.root', () => {
  it('fails a non-CONTAINER root or continuity other than SEPARATE', () => checkMutations('manifest.content.root', [
    { name: 'TEXT root', profile: 'base', from: 'xds-i', mutate: (ds) => { ds.ValueType = 'TEXT'; }, expected: [{ path: '(0040,A040)', actual: 'TEXT' }] },
    { name: 'CONTINUOUS', profile: 'base', from: 'xds-i', mutate: (ds) => { ds.ContinuityOfContent = 'CONTINUOUS'; }, expected: [{ path: '(0040,A050)', actual: 'CONTINUOUS' }] },
  ]));
});

describe('manifest.content.template', () => {
  it('warns when absent and fails another template', () => checkMutations('manifest.content.template', [
    { name: 'absent', profile: 'base', from: 'xds-i', mutate: (ds) => { delete ds.ContentTemplateSequence; }, expected: [{ severity: 'warning', path: '(0040,A504)' }] },
    { name: 'TID 2000', profile: 'base', from: 'xds-i', mutate: (ds) => { ds.ContentTemplateSequence = [{ MappingResource: 'DCMR', TemplateIdentifier: '2000' }]; }, expected: [{ severity: 'error', actual: 'DCMR 2000' }] },
  ]));
});

describe('manifest.content.items', () => {
  it('fails an item TID 2010 does not allow, a reference without exactly one instance, and a tree without references', () => checkMutations('manifest.content.items', [
    { name: 'NUM at root', profile: 'base', from: 'xds-i', mutate: (ds) => { ds.ContentSequence.push({ RelationshipType: 'CONTAINS', ValueType: 'NUM', ConceptNameCodeSequence: [{ CodeValue: '121206', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Distance' }] }); }, expected: [{ path: `(0040,A730)[${xdsiManifest().ContentSequence.length}]`, severity: 'error' }] },
    { name: 'two SOPs in one item', profile: 'base', from: 'xds-i', mutate: (ds) => { const r = refItems(ds)[0]!; r.ReferencedSOPSequence.push({ ...r.ReferencedSOPSequence[0] }); }, expected: [{ path: '(0040,A730)[0].(0008,1199)', actual: '2' }] },
    { name: 'instance UID missing', profile: 'base', from: 'xds-i', mutate: (ds) => { delete refItems(ds)[0]!.ReferencedSOPSequence[0].ReferencedSOPInstanceUID; }, expected: [{ path: '(0040,A730)[0].(0008,1199)[0]' }] },
    { name: 'no references', profile: 'base', from: 'xds-i', mutate: (ds) => { ds.ContentSequence = []; }, expected: [{ path: '(0040,A730)', actual: '0' }] },
  ]));
});

describe('manifest.evidence.structure', () => {
  it('fails a missing evidence sequence and missing UIDs at each level', () => checkMutations('manifest.evidence.structure', [
    { name: 'absent', profile: 'base', from: 'xds-i', mutate: (ds) => { delete ds.CurrentRequestedProcedureEvidenceSequence; }, expected: [{ path: '(0040,A375)' }] },
    { name: 'no study UID', profile: 'base', from: 'xds-i', mutate: (ds) => { delete ds.CurrentRequestedProcedureEvidenceSequence[0].StudyInstanceUID; }, expected: [{ path: '(0040,A375)[0].(0020,000D)' }] },
    { name: 'no series UID', profile: 'base', from: 'xds-i', mutate: (ds) => { delete evidenceSeries(ds)[1]!.SeriesInstanceUID; }, expected: [{ path: '(0040,A375)[0].(0008,1115)[1].(0020,000E)' }] },
    { name: 'no SOP class', profile: 'base', from: 'xds-i', mutate: (ds) => { delete evidenceSeries(ds)[0]!.ReferencedSOPSequence[2].ReferencedSOPClassUID; }, expected: [{ path: '(0040,A375)[0].(0008,1115)[0].(0008,1199)[2].(0008,1150)' }] },
  ]));
});

describe('manifest.evidence.content-agreement', () => {
  it('fails when content and evidence disagree in either direction, on class, or list an instance twice', () => checkMutations('manifest.evidence.content-agreement', [
    { name: 'content-only instance', profile: 'base', from: 'xds-i', mutate: (ds) => { refItems(ds)[0]!.ReferencedSOPSequence[0].ReferencedSOPInstanceUID = '1.2.3.4'; }, expected: [{ path: '(0040,A730)[0]', message: expect.stringContaining('1.2.3.4') }, { path: '(0040,A375)[0].(0008,1115)[0].(0008,1199)[0]', message: expect.stringContaining('no content item') }] },
    { name: 'evidence-only instance', profile: 'base', from: 'xds-i', mutate: (ds) => { ds.ContentSequence.splice(0, 1); }, expected: [{ path: '(0040,A375)[0].(0008,1115)[0].(0008,1199)[0]' }] },
    { name: 'class differs', profile: 'base', from: 'xds-i', mutate: (ds) => { refItems(ds)[0]!.ReferencedSOPSequence[0].ReferencedSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'; }, expected: [{ path: '(0040,A730)[0]', actual: '1.2.840.10008.5.1.4.1.1.2' }] },
    { name: 'listed twice', profile: 'base', from: 'xds-i', mutate: (ds) => { const sops = evidenceSeries(ds)[1]!.ReferencedSOPSequence; sops.push({ ...evidenceSeries(ds)[0]!.ReferencedSOPSequence[0] }); }, expected: [{ message: expect.stringContaining('twice') }] },
  ]));
});

describe('manifest.uid.syntax', () => {
  it('fails malformed study, series, class and instance UIDs', () => checkMutations('manifest.uid.syntax', [
    { name: 'leading zero study', profile: 'base', from: 'xds-i', mutate: (ds) => { ds.StudyInstanceUID = '1.02.3'; }, expected: [{ path: '(0020,000D)', actual: '1.02.3' }] },
    { name: 'letters in series', profile: 'base', from: 'xds-i', mutate: (ds) => { evidenceSeries(ds)[0]!.SeriesInstanceUID = '1.2.abc'; }, expected: [{ path: '(0040,A375)[0].(0008,1115)[0].(0020,000E)' }] },
    { name: 'too long class in content', profile: 'base', from: 'xds-i', mutate: (ds) => { const uid = `1.${'2'.repeat(70)}`; refItems(ds)[0]!.ReferencedSOPSequence[0].ReferencedSOPClassUID = uid; evidenceSeries(ds)[0]!.ReferencedSOPSequence[0].ReferencedSOPClassUID = uid; }, expected: [{ path: '(0040,A375)[0].(0008,1115)[0].(0008,1199)[0].(0008,1150)' }, { path: '(0040,A730)[0].(0008,1199)[0].(0008,1150)' }] },
  ]));
});

describe('manifest.pixel-data.absent', () => {
  it('fails a manifest carrying pixel data', () => checkMutations('manifest.pixel-data.absent', [
    { name: 'PixelData', profile: 'base', from: 'xds-i', mutate: (ds) => { ds.PixelData = [new Uint8Array(4).buffer]; }, expected: [{ path: '(7FE0,0010)' }] },
  ]));
});
