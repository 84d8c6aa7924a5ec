import { describe, expect, it } from 'vitest';
import { DocScheme, ObjectType } from '../../simulators/registry/xds-constants.ts';
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { documentEntryRequired } from './document-entry-required.rule.ts';
import { classified, dropClassifications, dropSlot, entry, findingsOf, imagingSubmission } from './test-submissions.ts';

type Edit = (d: ExtrinsicObject) => void;

function withReportEdited(edit: Edit) {
  const s = imagingSubmission();
  edit(entry(s.objects, s.ids.report!));
  return s;
}

describe('metadata.document-entry.required', () => {
  it('passes the harness KOS and report entries', () => expect(findingsOf(documentEntryRequired, imagingSubmission())).toEqual([]));

  const dropCode = (scheme: string): Edit => (d) => dropClassifications(d, scheme);
  it.each<[string, Edit, string]>([
    ['classCode', dropCode(DocScheme.classCode), 'classCode'],
    ['confidentialityCode', dropCode(DocScheme.confidentialityCode), 'confidentialityCode'],
    ['formatCode', dropCode(DocScheme.formatCode), 'formatCode'],
    ['healthcareFacilityTypeCode', dropCode(DocScheme.healthcareFacilityTypeCode), 'healthcareFacilityTypeCode'],
    ['practiceSettingCode', dropCode(DocScheme.practiceSettingCode), 'practiceSettingCode'],
    ['typeCode', dropCode(DocScheme.typeCode), 'typeCode'],
    ['creationTime', (d) => dropSlot(d, 'creationTime'), 'Slot[creationTime]'],
    ['languageCode', (d) => dropSlot(d, 'languageCode'), 'Slot[languageCode]'],
    ['sourcePatientId', (d) => dropSlot(d, 'sourcePatientId'), 'Slot[sourcePatientId]'],
    ['hash', (d) => dropSlot(d, 'hash'), 'Slot[hash]'],
    ['size', (d) => dropSlot(d, 'size'), 'Slot[size]'],
    ['repositoryUniqueId', (d) => dropSlot(d, 'repositoryUniqueId'), 'Slot[repositoryUniqueId]'],
    ['mimeType', (d) => { delete d.mimeType; }, '@mimeType'],
    ['patientId', (d) => { d.externalIdentifiers = d.externalIdentifiers.filter((x) => x.identificationScheme !== DocScheme.patientId); }, 'patientId'],
    ['uniqueId', (d) => { d.externalIdentifiers = d.externalIdentifiers.filter((x) => x.identificationScheme !== DocScheme.uniqueId); }, 'uniqueId'],
    ['objectType', (d) => { d.objectType = 'urn:uuid:00000000-0000-0000-0000-000000000000'; }, '@objectType'],
  ])('fails an entry without %s', (_, edit, path) => {
    expect(findingsOf(documentEntryRequired, withReportEdited(edit))).toEqual([expect.objectContaining({ ruleId: 'metadata.document-entry.required', severity: 'error', path: expect.stringMatching(new RegExp(`/${path.replace(/[[\]]/g, '\\$&')}$`)) })]);
  });

  it('fails two typeCodes (exactly one)', () => {
    const s = withReportEdited((d) => d.classifications.push({ ...classified(d, DocScheme.typeCode)[0]!, id: 'second-type' }));
    expect(findingsOf(documentEntryRequired, s)).toEqual([expect.objectContaining({ path: expect.stringMatching(/\/typeCode$/), actual: '2' })]);
  });

  it('warns about a missing author (R2) and fails an empty author', () => {
    expect(findingsOf(documentEntryRequired, withReportEdited(dropCode(DocScheme.author)))).toEqual([expect.objectContaining({ severity: 'warning', path: expect.stringMatching(/\/author$/) })]);
    const empty = withReportEdited((d) => { classified(d, DocScheme.author)[0]!.slots = []; });
    expect(findingsOf(documentEntryRequired, empty)).toEqual([expect.objectContaining({ severity: 'error', path: expect.stringMatching(/\/author\[/) })]);
  });

  it('lets an ITI-41 source leave hash, size and repositoryUniqueId to the repository', () => {
    const s = withReportEdited((d) => ['hash', 'size', 'repositoryUniqueId'].forEach((n) => dropSlot(d, n)));
    expect(findingsOf(documentEntryRequired, { objects: s.objects, message: 'provide-and-register' })).toEqual([]);
    expect(findingsOf(documentEntryRequired, { objects: s.objects, message: 'submission' })).toHaveLength(3);
  });

  it('does not ask an on-demand entry for hash, size or creationTime', () => {
    const s = withReportEdited((d) => { d.objectType = ObjectType.onDemandDocument; ['hash', 'size', 'creationTime'].forEach((n) => dropSlot(d, n)); });
    expect(findingsOf(documentEntryRequired, s)).toEqual([]);
  });
});
