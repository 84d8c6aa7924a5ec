/**
 * Required DocumentEntry and SubmissionSet attributes a Document Registry checks
 * (ITI TF-3 §4.2.3.2 and §4.2.3.3, "R" for the XDS Document Source, stable entries also
 * hash/size/repositoryUniqueId added by the repository) and the value formats it can verify.
 */
import type { Classified, ExtrinsicObject, RegistryPackage } from './ebrim-model.ts';
import { DocScheme, ObjectType, SubmissionScheme } from './xds-constants.ts';
import { codes, externalId, isOnDemand, slotValue, slotValues } from './xds-view.ts';

type Report = (codeContext: string, location: string) => void;

const DTM = /^\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2})?)?)?)?)?$/;
const CX = /^[^^&]+\^\^\^&[0-2](\.(0|[1-9]\d*))+&ISO$/;
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;

export function checkDocumentEntry(d: ExtrinsicObject, report: Report): void {
  const at = (msg: string): void => report(`DocumentEntry: ${msg}`, d.id);
  if (d.objectType !== ObjectType.stableDocument && d.objectType !== ObjectType.onDemandDocument) at(`objectType ${d.objectType ?? '(none)'} is neither stable nor on-demand`);
  if (!d.mimeType) at('mimeType is missing');
  checkCx(d, DocScheme.patientId, 'patientId', at);
  const uid = externalId(d, DocScheme.uniqueId);
  if (!uid) at('uniqueId is missing');
  const single: [string, string][] = [
    [DocScheme.classCode, 'classCode'],
    [DocScheme.typeCode, 'typeCode'],
    [DocScheme.formatCode, 'formatCode'],
    [DocScheme.healthcareFacilityTypeCode, 'healthcareFacilityTypeCode'],
    [DocScheme.practiceSettingCode, 'practiceSettingCode'],
  ];
  for (const [scheme, name] of single) checkCodes(d, scheme, name, 'one', at);
  checkCodes(d, DocScheme.confidentialityCode, 'confidentialityCode', 'some', at);
  checkCodes(d, DocScheme.eventCodeList, 'eventCodeList', 'any', at);
  if (slotValues(d, 'languageCode').length !== 1) at('languageCode must have exactly one value');
  if (slotValues(d, 'sourcePatientId').length !== 1) at('sourcePatientId must have exactly one value');
  if (isOnDemand(d)) return;
  const creationTime = slotValue(d, 'creationTime');
  if (!creationTime) at('creationTime is missing');
  else if (!DTM.test(creationTime)) at(`creationTime "${creationTime}" is not a DTM (YYYY[MM[DD[hh[mm[ss]]]]])`);
  const hash = slotValue(d, 'hash');
  if (!hash) at('hash is missing');
  else if (!/^[0-9a-fA-F]{40}$/.test(hash)) at(`hash "${hash}" is not a SHA-1 in hexadecimal`);
  const size = slotValue(d, 'size');
  if (!size) at('size is missing');
  else if (!/^\d+$/.test(size)) at(`size "${size}" is not an integer`);
  const repo = slotValue(d, 'repositoryUniqueId');
  if (!repo) at('repositoryUniqueId is missing');
  else if (!OID.test(repo)) at(`repositoryUniqueId "${repo}" is not an OID`);
}

export function checkSubmissionSet(ss: RegistryPackage, report: Report): void {
  const at = (msg: string): void => report(`SubmissionSet: ${msg}`, ss.id);
  checkCx(ss, SubmissionScheme.patientId, 'patientId', at);
  const uid = externalId(ss, SubmissionScheme.uniqueId);
  if (!uid) at('uniqueId is missing');
  else if (!OID.test(uid)) at(`uniqueId "${uid}" is not an OID`);
  const source = externalId(ss, SubmissionScheme.sourceId);
  if (!source) at('sourceId is missing');
  else if (!OID.test(source)) at(`sourceId "${source}" is not an OID`);
  const time = slotValue(ss, 'submissionTime');
  if (!time) at('submissionTime is missing');
  else if (!DTM.test(time)) at(`submissionTime "${time}" is not a DTM`);
  checkCodes(ss, SubmissionScheme.contentTypeCode, 'contentTypeCode', 'one', at);
}

function checkCx(o: Classified, scheme: string, name: string, at: (m: string) => void): void {
  const v = externalId(o, scheme);
  if (!v) at(`${name} is missing`);
  else if (!CX.test(v)) at(`${name} "${v}" is not a CX id^^^&OID&ISO`);
}

function checkCodes(o: Classified, scheme: string, name: string, count: 'one' | 'some' | 'any', at: (m: string) => void): void {
  const found = codes(o, scheme);
  if (count === 'one' && found.length !== 1) at(`${name} must have exactly one value, found ${found.length}`);
  if (count === 'some' && found.length === 0) at(`${name} is missing`);
  for (const c of found) {
    if (!c.code) at(`${name} without nodeRepresentation`);
    if (!c.codingScheme) at(`${name} ${c.code} without codingScheme slot`);
  }
}
