import { describe, expect, it } from 'vitest';
import { provideRequest, submitObjectsRequest } from '../../simulators/registry/xds-requests.ts';
import { declare } from '../../simulators/soap/namespaces.ts';
import { parseXmlSafely } from '../../simulators/soap/safe-xml.ts';
import { el, serializeXml, type XmlOut } from '../../simulators/soap/xml-write.ts';
import { writeRimObject } from '../../simulators/registry/ebrim-write.ts';
import { validateSubmission } from './index.ts';
import { readSubmission } from './submission-subject.ts';
import { entry, imagingSubmission } from './test-submissions.ts';

const xml = (out: XmlOut) => parseXmlSafely(serializeXml(out));

describe('readSubmission', () => {
  const s = imagingSubmission();

  it('reads a SubmitObjectsRequest like the objects it was written from', () => {
    const subject = readSubmission(xml(submitObjectsRequest(s.objects)));
    expect(subject).toMatchObject({ message: 'submission', readProblems: [] });
    expect(subject.entries).toHaveLength(2);
    expect(subject.submissionSets).toHaveLength(1);
    expect(subject.associations).toHaveLength(2);
    expect(validateSubmission(xml(submitObjectsRequest(s.objects)), { subjectName: 'sor', profile: 'xca-i' }).findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('reads inline documents of a ProvideAndRegister request and checks their hash', () => {
    const kos = entry(s.objects, s.ids.kos!);
    const body = provideRequest(s.objects, [{ id: kos.id, inline: s.documents.get(s.ids.kos!)! }, { id: entry(s.objects, s.ids.report!).id, inline: new TextEncoder().encode('not the report') }]);
    const subject = readSubmission(xml(body));
    expect(subject.message).toBe('provide-and-register');
    expect([...subject.documents!.keys()].sort()).toEqual([s.ids.kos, s.ids.report].sort());
    const run = validateSubmission(xml(body), { subjectName: 'pnr' });
    expect(run.findings).toEqual([
      expect.objectContaining({ ruleId: 'metadata.document.hash-size', path: expect.stringContaining('Slot[hash]') }),
      expect.objectContaining({ ruleId: 'metadata.document.hash-size', path: expect.stringContaining('Slot[size]') }),
    ]);
  });

  it('reads an AdhocQueryResponse inside a SOAP envelope as a query response', () => {
    const entries = s.objects.filter((o) => o.type === 'ExtrinsicObject');
    const response = el('query:AdhocQueryResponse', { ...declare('query', 'rim'), status: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success' }, el('rim:RegistryObjectList', undefined, entries.map(writeRimObject)));
    const envelope = el('env:Envelope', declare('env'), el('env:Body', undefined, response));
    const subject = readSubmission(xml(envelope));
    expect(subject).toMatchObject({ message: 'query-response', readProblems: [] });
    expect(subject.entries).toHaveLength(2);
  });

  it('turns unreadable input into read problems, never an exception', () => {
    expect(readSubmission(xml(el('foo:Bar', { 'xmlns:foo': 'urn:x' }))).readProblems[0]).toMatch(/not a SubmitObjectsRequest/);
    const broken = el('lcm:SubmitObjectsRequest', declare('lcm', 'rim'), el('rim:RegistryObjectList', undefined, el('rim:Association', { id: 'a1' })));
    expect(readSubmission(xml(broken)).readProblems[0]).toMatch(/without associationType/);
    expect(readSubmission({} as never).readProblems).toEqual(['input has no objects array']);
    expect(readSubmission({ objects: [null, { type: 'Nonsense' }] } as never).readProblems[0]).toMatch(/^objects\[0\] is not an ebRIM/);
    expect(readSubmission({ objects: [{ type: 'ExtrinsicObject', id: 'x', slots: 5 }] } as never).readProblems[0]).toMatch(/^input could not be read/);
  });

  it('leaves the caller\'s objects untouched when folding top-level classifications', () => {
    const before = JSON.stringify(s.objects);
    readSubmission({ objects: s.objects });
    expect(JSON.stringify(s.objects)).toBe(before);
  });
});
