import { describe, expect, it } from 'vitest';
import type { ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { setSlot } from '../../simulators/registry/xds-view.ts';
import { documentEntryValues } from './document-entry-values.rule.ts';
import { entry, findingsOf, imagingSubmission } from './test-submissions.ts';

type Edit = (d: ExtrinsicObject) => void;

function withReportEdited(edit: Edit) {
  const s = imagingSubmission();
  edit(entry(s.objects, s.ids.report!));
  return s;
}
const slot = (name: string, value: string): Edit => (d) => setSlot(d, name, [value]);
const ext = (scheme: string, value: string): Edit => (d) => { d.externalIdentifiers.find((x) => x.identificationScheme === scheme)!.value = value; };

describe('metadata.document-entry.value-format', () => {
  it('passes the harness entries', () => expect(findingsOf(documentEntryValues, imagingSubmission())).toEqual([]));

  it.each<[string, Edit, string]>([
    ['creationTime with a time zone', slot('creationTime', '20240401100000+0200'), 'Slot[creationTime]'],
    ['creationTime with month 13', slot('creationTime', '20241301'), 'Slot[creationTime]'],
    ['creationTime of 15 digits', slot('creationTime', '202404011000001'), 'Slot[creationTime]'],
    ['serviceStartTime in ISO 8601', slot('serviceStartTime', '2024-04-01T10:00:00Z'), 'Slot[serviceStartTime]'],
    ['languageCode with underscore', slot('languageCode', 'fr_FR'), 'Slot[languageCode]'],
    ['sourcePatientId without assigning authority', slot('sourcePatientId', '12345'), 'Slot[sourcePatientId]'],
    ['hash of 39 digits', slot('hash', 'a'.repeat(39)), 'Slot[hash]'],
    ['size not an integer', slot('size', '12.5'), 'Slot[size]'],
    ['repositoryUniqueId not an OID', slot('repositoryUniqueId', 'repo-1'), 'Slot[repositoryUniqueId]'],
    ['patientId with a local namespace', ext(DocScheme.patientId, '123^^^NL-BSN'), 'patientId'],
    ['patientId with extra components', ext(DocScheme.patientId, '123^^^&2.16.528.1.1007.3.3&ISO^NNNLD'), 'patientId'],
    ['uniqueId with a leading zero', ext(DocScheme.uniqueId, '1.2.03'), 'uniqueId'],
    ['uniqueId OID longer than 64', ext(DocScheme.uniqueId, `1.${'2'.repeat(64)}`), 'uniqueId'],
    ['uniqueId extension longer than 16', ext(DocScheme.uniqueId, `1.2.3^${'x'.repeat(17)}`), 'uniqueId'],
    ['mimeType without subtype', (d) => { d.mimeType = 'pdf'; }, '@mimeType'],
  ])('fails %s', (_, edit, path) => {
    expect(findingsOf(documentEntryValues, withReportEdited(edit))).toEqual([expect.objectContaining({ ruleId: 'metadata.document-entry.value-format', severity: 'error', path: expect.stringMatching(new RegExp(`/${path.replace(/[[\]]/g, '\\$&')}$`)) })]);
  });

  it.each<[string, Edit]>([
    ['a language-only tag', slot('languageCode', 'nl')],
    ['a script subtag', slot('languageCode', 'sr-Latn-RS')],
    ['a date-only creationTime', slot('creationTime', '20240401')],
    ['an OID^extension uniqueId', ext(DocScheme.uniqueId, '1.2.3^ABC123')],
  ])('accepts %s', (_, edit) => {
    expect(findingsOf(documentEntryValues, withReportEdited(edit))).toEqual([]);
  });

  it('requires urn:uuid entryUUIDs in a query response only', () => {
    const s = withReportEdited((d) => { d.id = 'Document01'; });
    expect(findingsOf(documentEntryValues, s)).toEqual([]);
    expect(findingsOf(documentEntryValues, { objects: s.objects, message: 'query-response' })).toEqual([expect.objectContaining({ path: 'DocumentEntry[Document01]/@id' })]);
  });
});
