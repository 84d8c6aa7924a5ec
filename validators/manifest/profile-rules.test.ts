/**
 * Profile rules: XDS-I.b (xca-i) on the harness KOS, MADO (mado) on the MADO example built in
 * test-manifests.ts. Each passes its valid manifest and fails a mutated copy; each is silent
 * under base (a file conforming to DICOM alone is not failed for what an exchange adds).
 */
import { describe, expect, it } from 'vitest';
import { manifestFamily } from './index.ts';
import { checkMutations, childOf, madoGroups, madoLibrary, madoManifest, run, withoutChild, xdsiManifest, type Item } from './test-manifests.ts';

const series = (ds: Item): Item[] => ds.CurrentRequestedProcedureEvidenceSequence[0].ReferencedSeriesSequence;
const code = (value: string, scheme: string, meaning: string): Item[] => [{ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning }];

it('runs no profile rule under base', () => {
  const profiled = manifestFamily.rules.filter((r) => r.profiles).map((r) => r.id);
  const ran = run(madoManifest(), 'base').rulesRun;
  expect(profiled.filter((id) => ran.includes(id))).toEqual([]);
});

describe('XDS-I.b (xca-i)', () => {
  it('manifest.xds-i.title: 113030 passes, MADO title warns, anything else fails', () => checkMutations('manifest.xds-i.title', [
    { name: 'MADO title', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { ds.ConceptNameCodeSequence = code('MADOTEMP001', '99IHE', 'Manifest with Description'); }, expected: [{ severity: 'warning', path: '(0040,A043)' }] },
    { name: 'Manifest in another scheme', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { ds.ConceptNameCodeSequence = code('113030', '99LOCAL', 'Manifest'); }, expected: [{ severity: 'error', actual: '(113030, 99LOCAL, "Manifest")' }] },
  ]));

  it('manifest.xds-i.study-items: fails a study listed in two evidence items', () => checkMutations('manifest.xds-i.study-items', [
    { name: 'split study', profile: 'xca-i', from: 'xds-i', mutate: (ds) => {
      const [study] = ds.CurrentRequestedProcedureEvidenceSequence;
      ds.CurrentRequestedProcedureEvidenceSequence = [
        { ...study, ReferencedSeriesSequence: study.ReferencedSeriesSequence.slice(0, 1) },
        { ...study, ReferencedSeriesSequence: study.ReferencedSeriesSequence.slice(1) },
      ];
    }, expected: [{ path: '(0040,A375)[1]', severity: 'error' }] },
  ]));

  it('manifest.xds-i.retrieve-location: fails a series without Retrieve Location UID (even if the study has one) and a bad AE', () => checkMutations('manifest.xds-i.retrieve-location', [
    { name: 'moved to study level', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { ds.CurrentRequestedProcedureEvidenceSequence[0].RetrieveLocationUID = series(ds)[1]!.RetrieveLocationUID; delete series(ds)[1]!.RetrieveLocationUID; }, expected: [{ path: '(0040,A375)[0].(0008,1115)[1].(0040,E011)', message: expect.stringContaining('study level') }] },
    { name: 'AE with backslash', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { series(ds)[0]!.RetrieveAETitle = 'A\\B'; }, expected: [{ path: '(0040,A375)[0].(0008,1115)[0].(0008,0054)' }] },
  ]));

  it('manifest.xds-i.patient-study-identity: fails missing patient id, issuer, study UID or accession; warns on accession without issuer', () => checkMutations('manifest.xds-i.patient-study-identity', [
    { name: 'no PatientID', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { ds.PatientID = ''; }, expected: [{ path: '(0010,0020)', severity: 'error' }] },
    { name: 'no issuer at all', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { delete ds.IssuerOfPatientID; delete ds.IssuerOfPatientIDQualifiersSequence; }, expected: [{ path: '(0010,0021)' }] },
    { name: 'no accession (MET-01)', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { delete ds.AccessionNumber; }, expected: [{ path: '(0008,0050)', requirements: expect.arrayContaining(['MET-01']) }] },
    { name: 'no study UID', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { delete ds.StudyInstanceUID; }, expected: [{ path: '(0020,000D)', severity: 'error' }] },
    { name: 'accession without issuer', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { delete ds.IssuerOfAccessionNumberSequence; }, expected: [{ path: '(0008,0051)', severity: 'warning' }] },
    { name: 'manifest of another study', profile: 'xca-i', from: 'xds-i', mutate: (ds) => { ds.StudyInstanceUID = '1.2.3'; }, expected: [{ path: '(0020,000D)', severity: 'warning' }] },
  ]));
});

describe('MADO (mado)', () => {
  it('manifest.mado.title: accepts MADOTEMP001, warns on the ddd001 placeholder, fails the XDS-I title', () => checkMutations('manifest.mado.title', [
    { name: 'placeholder', profile: 'mado', from: 'mado', mutate: (ds) => { ds.ConceptNameCodeSequence = code('ddd001', 'DCM', 'Manifest with Description'); }, expected: [{ severity: 'warning' }] },
    { name: 'XDS-I title', profile: 'mado', from: 'mado', mutate: (ds) => { ds.ConceptNameCodeSequence = code('113030', 'DCM', 'Manifest'); }, expected: [{ severity: 'error', actual: '(113030, DCM, "Manifest")' }] },
  ]));

  it('manifest.mado.image-library: fails a missing library, modality, region, a wrong series count or modality code', () => checkMutations('manifest.mado.image-library', [
    { name: 'no library', profile: 'mado', from: 'mado', mutate: (ds) => { ds.ContentSequence = ds.ContentSequence.filter((i: Item) => i !== madoLibrary(ds)); }, expected: [{ path: '(0040,A730)', actual: '0' }] },
    { name: 'no study modality', profile: 'mado', from: 'mado', mutate: (ds) => { withoutChild(madoLibrary(ds), '121139'); }, expected: [{ message: expect.stringContaining('modality') }] },
    { name: 'no target region', profile: 'mado', from: 'mado', mutate: (ds) => { withoutChild(madoLibrary(ds), '123014'); }, expected: [{ message: expect.stringContaining('target region') }] },
    { name: 'series count off', profile: 'mado', from: 'mado', mutate: (ds) => { childOf(madoLibrary(ds), 'MADOTEMP009').MeasuredValueSequence[0].NumericValue = '9'; }, expected: [{ actual: '9', expected: String(series(madoManifest()).length) }] },
    { name: 'modality not DCM', profile: 'mado', from: 'mado', mutate: (ds) => { childOf(madoLibrary(ds), '121139').ConceptCodeSequence = code('MRI', '99LOCAL', 'MRI'); }, expected: [{ actual: '(MRI, 99LOCAL, "MRI")' }] },
  ]));

  // The manifest family's own modality list lacked ANN; it now reads PS3.3 C.7.3.1.1.1 from validators/codes.
  it.each([['ANN', 0], ['CT', 0], ['VF', 1]] as const)('manifest.mado.image-library: study modality %s gives %i finding(s)', (modality, n) => {
    const ds = madoManifest();
    childOf(madoLibrary(ds), '121139').ConceptCodeSequence = code(modality, 'DCM', modality);
    expect(run(ds, 'mado').findings.filter((f) => f.ruleId === 'manifest.mado.image-library')).toHaveLength(n);
  });

  it('manifest.mado.series-groups: fails a series without group, a group without UID or with a wrong count, an entry in the wrong group', () => checkMutations('manifest.mado.series-groups', [
    { name: 'group missing', profile: 'mado', from: 'mado', mutate: (ds) => { const lib = madoLibrary(ds); lib.ContentSequence = lib.ContentSequence.filter((i: Item) => i !== madoGroups(ds)[1]); }, expected: [{ path: '(0040,A375)[0].(0008,1115)[1]' }] },
    { name: 'group without series UID', profile: 'mado', from: 'mado', mutate: (ds) => { withoutChild(madoGroups(ds)[0]!, '112002'); }, expected: [{ message: expect.stringContaining('without Series Instance UID') }, { path: '(0040,A375)[0].(0008,1115)[0]' }] },
    { name: 'instance count off', profile: 'mado', from: 'mado', mutate: (ds) => { childOf(madoGroups(ds)[0]!, 'MADOTEMP007').MeasuredValueSequence[0].NumericValue = '99'; }, expected: [{ actual: '99' }] },
    { name: 'entry in another series group', profile: 'mado', from: 'mado', mutate: (ds) => { const [a, b] = madoGroups(ds); const entry = a!.ContentSequence.find((i: Item) => i.ValueType === 'IMAGE'); a!.ContentSequence = a!.ContentSequence.filter((i: Item) => i !== entry); b!.ContentSequence.push(entry); }, expected: [{ message: expect.stringContaining('belongs to series') }] },
  ]));

  it('manifest.mado.series-descriptors: warns on a missing RC+ descriptor, fails one without a value', () => checkMutations('manifest.mado.series-descriptors', [
    { name: 'no series date', profile: 'mado', from: 'mado', mutate: (ds) => { withoutChild(madoGroups(ds)[0]!, 'MADOTEMP003'); }, expected: [{ severity: 'warning', message: expect.stringContaining('Series Date') }] },
    { name: 'empty description', profile: 'mado', from: 'mado', mutate: (ds) => { childOf(madoGroups(ds)[1]!, 'MADOTEMP002').TextValue = ''; }, expected: [{ severity: 'error', message: expect.stringContaining('Series Description') }] },
  ]));

  it('manifest.mado.patient-identity: fails missing qualifiers, their type, or Other Patient IDs without the Patient ID', () => checkMutations('manifest.mado.patient-identity', [
    { name: 'no qualifiers', profile: 'mado', from: 'mado', mutate: (ds) => { delete ds.IssuerOfPatientIDQualifiersSequence; }, expected: [{ path: '(0010,0024)', actual: '0' }] },
    { name: 'no UEI type', profile: 'mado', from: 'mado', mutate: (ds) => { delete ds.IssuerOfPatientIDQualifiersSequence[0].UniversalEntityIDType; }, expected: [{ path: '(0010,0024)[0].(0040,0033)' }] },
    { name: 'other ids without patient id', profile: 'mado', from: 'mado', mutate: (ds) => { ds.OtherPatientIDsSequence[0].PatientID = 'X'; }, expected: [{ path: '(0010,1002)', actual: 'X' }] },
  ]));

  it('manifest.mado.study-attributes: fails missing study time, institution, time-zone offset, or a second study', () => checkMutations('manifest.mado.study-attributes', [
    { name: 'no study time', profile: 'mado', from: 'mado', mutate: (ds) => { ds.StudyTime = ''; }, expected: [{ path: '(0008,0030)' }] },
    { name: 'no institution', profile: 'mado', from: 'mado', mutate: (ds) => { delete ds.InstitutionName; }, expected: [{ path: '(0008,0080)' }] },
    { name: 'bad tz', profile: 'mado', from: 'mado', mutate: (ds) => { ds.TimezoneOffsetFromUTC = '0100'; }, expected: [{ path: '(0008,0201)', actual: '0100' }] },
    { name: 'two studies', profile: 'mado', from: 'mado', mutate: (ds) => { ds.CurrentRequestedProcedureEvidenceSequence.push({ StudyInstanceUID: '1.2.3', ReferencedSeriesSequence: [] }); }, expected: [{ path: '(0040,A375)' }] },
  ]));

  it('manifest.mado.referenced-request: fails a missing sequence, placer order number or its issuer', () => checkMutations('manifest.mado.referenced-request', [
    { name: 'no request', profile: 'mado', from: 'mado', mutate: (ds) => { delete ds.ReferencedRequestSequence; }, expected: [{ path: '(0040,A370)' }] },
    { name: 'no placer number', profile: 'mado', from: 'mado', mutate: (ds) => { ds.ReferencedRequestSequence[0].PlacerOrderNumberImagingServiceRequest = ''; }, expected: [{ path: '(0040,A370)[0].(0040,2016)' }] },
    { name: 'no placer issuer', profile: 'mado', from: 'mado', mutate: (ds) => { delete ds.ReferencedRequestSequence[0].OrderPlacerIdentifierSequence; }, expected: [{ path: '(0040,A370)[0].(0040,0026)' }] },
  ]));

  it('manifest.mado.retrieve-location: fails a missing Retrieve Location UID or a non-http URL; flags a missing Retrieve URL', () => checkMutations('manifest.mado.retrieve-location', [
    { name: 'no Retrieve URL', profile: 'mado', from: 'mado', mutate: (ds) => { delete series(ds)[0]!.RetrieveURL; }, expected: [{ path: '(0040,A375)[0].(0008,1115)[0].(0008,1190)', severity: 'warning' }] },
    { name: 'no location UID', profile: 'mado', from: 'mado', mutate: (ds) => { delete series(ds)[1]!.RetrieveLocationUID; }, expected: [{ path: '(0040,A375)[0].(0008,1115)[1].(0040,E011)', severity: 'error' }] },
    { name: 'ftp URL', profile: 'mado', from: 'mado', mutate: (ds) => { series(ds)[0]!.RetrieveURL = 'ftp://pacs/x'; }, expected: [{ path: '(0040,A375)[0].(0008,1115)[0].(0008,1190)', severity: 'error' }] },
  ]));

  it('the MADO example stays valid for base and xca-i, with only the title warning under xca-i', () => {
    expect(run(madoManifest(), 'base').findings).toEqual([]);
    expect(run(madoManifest(), 'xca-i').findings).toEqual([expect.objectContaining({ ruleId: 'manifest.xds-i.title', severity: 'warning' })]);
  });

  it('a KIN-titled copy of the MADO example is a key-image note: kind fails under mado', () => {
    const ds = madoManifest();
    ds.ConceptNameCodeSequence = code('113002', 'DCM', 'For Referring Provider');
    expect(run(ds, 'mado').findings.filter((f) => f.severity === 'error').map((f) => f.ruleId)).toEqual(['manifest.kind.not-a-manifest', 'manifest.mado.title']);
  });
});
