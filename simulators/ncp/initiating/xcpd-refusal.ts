/**
 * The PRPA_IN201306UV02 NCP-B answers itself when it cannot pass a patient discovery on: no
 * community matches the patient's identifier domain, or the chosen community did not answer.
 * acknowledgement AE + queryResponseCode AE (ITI TF-2 §3.55.4.2.3 case 5), and the query echoed as
 * the standard requires. The issue is one of `XcpdIssue` (AnswerNotAvailable, InternalError under
 * the IHE code system 1.3.6.1.4.1.19376.1.2.27.3) with the reason as text, placed exactly as
 * NCP-A places its own (detected-issues.ts: coded IHE issues in
 * reasonOf/detectedIssueEvent/mitigatedBy), so both gateways speak one vocabulary.
 */
import { randomUUID } from 'node:crypto';
import { NS } from '../../soap/namespaces.ts';
import { attr, element, elements, type XmlElement } from '../../soap/xml-tree.ts';
import { el, type XmlOut } from '../../soap/xml-write.ts';
import { copyXml } from '../xml-copy.ts';
import { hl7Now } from '../xcpd/hl7v3-parts.ts';
import { acknowledgementDetails, reasonsOf } from '../xcpd/detected-issues.ts';
import { INTERACTION_ROOT } from '../xcpd/xcpd-constants.ts';

export interface RefusalIssue {
  /** One of `XcpdIssue`, e.g. `XcpdIssue.answerNotAvailable` (code and its code system). */
  readonly code: string;
  readonly codeSystem: string;
  readonly text: string;
}

export function patientDiscoveryRefusal(query: XmlElement, deviceOid: string, issue: RefusalIssue, now = new Date()): XmlOut {
  const requestId = element(query, NS.hl7, 'id');
  const sender = element(query, NS.hl7, 'sender');
  const senderDevice = sender && element(sender, NS.hl7, 'device');
  const senderId = senderDevice && element(senderDevice, NS.hl7, 'id');
  const control = element(query, NS.hl7, 'controlActProcess');
  const byParameter = control && element(control, NS.hl7, 'queryByParameter');
  const queryId = byParameter && element(byParameter, NS.hl7, 'queryId');
  const ii = (e: XmlElement | undefined): XmlOut['attrs'] => (e ? { root: attr(e, 'root'), extension: attr(e, 'extension') } : { nullFlavor: 'NI' });
  return el(
    'hl7:PRPA_IN201306UV02',
    // hl7 is also the default namespace: the detected-issues.ts builders write unprefixed names.
    { xmlns: NS.hl7, 'xmlns:hl7': NS.hl7, ITSVersion: 'XML_1.0' },
    el('hl7:id', { root: `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}` }),
    el('hl7:creationTime', { value: hl7Now(now) }),
    el('hl7:interactionId', { root: INTERACTION_ROOT, extension: 'PRPA_IN201306UV02' }),
    el('hl7:processingCode', { code: 'P' }),
    el('hl7:processingModeCode', { code: 'T' }),
    el('hl7:acceptAckCode', { code: 'NE' }),
    el('hl7:receiver', { typeCode: 'RCV' }, el('hl7:device', { classCode: 'DEV', determinerCode: 'INSTANCE' }, el('hl7:id', ii(senderId)))),
    el('hl7:sender', { typeCode: 'SND' }, el('hl7:device', { classCode: 'DEV', determinerCode: 'INSTANCE' }, el('hl7:id', { root: deviceOid }))),
    el(
      'hl7:acknowledgement',
      undefined,
      el('hl7:typeCode', { code: 'AE' }),
      el('hl7:targetMessage', undefined, el('hl7:id', ii(requestId))),
      acknowledgementDetails([issue]),
    ),
    el(
      'hl7:controlActProcess',
      { classCode: 'CACT', moodCode: 'EVN' },
      el('hl7:code', { code: 'PRPA_TE201306UV02', codeSystem: INTERACTION_ROOT }),
      reasonsOf([issue]),
      el('hl7:queryAck', undefined, queryId && el('hl7:queryId', ii(queryId)), el('hl7:queryResponseCode', { code: 'AE' })),
      byParameter && copyXml(byParameter),
    ),
  );
}

/** Identifier roots of every livingSubjectId in the query (and their extensions). */
export function livingSubjectIds(query: XmlElement): { root: string; extension?: string }[] {
  const control = element(query, NS.hl7, 'controlActProcess');
  const byParameter = control && element(control, NS.hl7, 'queryByParameter');
  const list = byParameter && element(byParameter, NS.hl7, 'parameterList');
  if (!list) return [];
  return elements(list, NS.hl7, 'livingSubjectId').flatMap((p) =>
    elements(p, NS.hl7, 'value').flatMap((v) => {
      const root = attr(v, 'root');
      const extension = attr(v, 'extension');
      return root ? [{ root, ...(extension !== undefined && { extension }) }] : [];
    }),
  );
}

/** receiver/device/asAgent/representedOrganization/id/@root: the community the sender addressed. */
export function receiverHomeCommunityIds(query: XmlElement): string[] {
  return elements(query, NS.hl7, 'receiver').flatMap((r) => {
    const device = element(r, NS.hl7, 'device');
    const agent = device && element(device, NS.hl7, 'asAgent');
    const org = agent && element(agent, NS.hl7, 'representedOrganization');
    return (org ? elements(org, NS.hl7, 'id') : []).flatMap((id) => attr(id, 'root') ?? []);
  });
}

