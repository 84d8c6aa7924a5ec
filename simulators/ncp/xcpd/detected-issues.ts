/**
 * Where an XCPD response carries its issues. Coded XCPD issues (IHE and eHDSI code systems) go in
 * controlActProcess/reasonOf/detectedIssueEvent, under triggerFor when they ask the initiator for
 * more input (ITI TF-2 §3.55.4.2.2.6) and under mitigatedBy otherwise (§3.55.4.2.2.7); any other
 * code (eHDSI business codes such as ERROR_PI_NO_MATCH or 4701) goes in
 * acknowledgement/acknowledgementDetail with its text, as the OpenNCP reference gateway does.
 */
import { attr, type XmlElement } from '../../soap/xml-tree.ts';
import { el, type XmlOut } from '../../soap/xml-write.ts';
import { all, at, text } from './hl7v3-parts.ts';
import { asksForMoreInput, CodeSystem, DETECTED_ISSUE_SYSTEMS } from './xcpd-constants.ts';

export interface PatientDiscoveryIssue {
  readonly code: string;
  readonly codeSystem?: string;
  readonly text?: string;
}

export function isDetectedIssue(issue: PatientDiscoveryIssue): boolean {
  return issue.codeSystem !== undefined && DETECTED_ISSUE_SYSTEMS.has(issue.codeSystem);
}

export function acknowledgementDetails(issues: readonly PatientDiscoveryIssue[]): XmlOut[] {
  return issues
    .filter((i) => !isDetectedIssue(i))
    .map((i) => el('acknowledgementDetail', { typeCode: 'E' }, el('code', { code: i.code, codeSystem: i.codeSystem }), i.text !== undefined && el('text', undefined, i.text)));
}

export function reasonsOf(issues: readonly PatientDiscoveryIssue[]): XmlOut[] {
  return issues.filter(isDetectedIssue).map((i) => {
    const code = { code: i.code, codeSystem: i.codeSystem };
    return el(
      'reasonOf',
      { typeCode: 'RSON' },
      el(
        'detectedIssueEvent',
        { classCode: 'ALRT', moodCode: 'EVN' },
        el('code', { code: 'ActAdministrativeDetectedIssueCode', codeSystem: CodeSystem.hl7ActCode }),
        i.text !== undefined && el('text', undefined, i.text),
        // The schema puts mitigatedBy before triggerFor.
        !asksForMoreInput(i) && el('mitigatedBy', { typeCode: 'MITGT' }, el('detectedIssueManagement', { classCode: 'ACT', moodCode: 'EVN' }, el('code', code))),
        asksForMoreInput(i) && el('triggerFor', { typeCode: 'TRIG' }, el('actOrderRequired', { classCode: 'ACT', moodCode: 'RQO' }, el('code', code))),
      ),
    );
  });
}

/** Issues of a received response: acknowledgementDetails first, then reasonOf issues. */
export function readIssues(acknowledgement: XmlElement | undefined, controlActProcess: XmlElement): PatientDiscoveryIssue[] {
  const issues: PatientDiscoveryIssue[] = [];
  for (const detail of all(acknowledgement, 'acknowledgementDetail')) {
    const code = at(detail, 'code');
    issues.push(issue(code && attr(code, 'code'), code && attr(code, 'codeSystem'), text(at(detail, 'text'))));
  }
  for (const reason of all(controlActProcess, 'reasonOf')) {
    const event = at(reason, 'detectedIssueEvent');
    const code = at(event, 'mitigatedBy', 'detectedIssueManagement', 'code') ?? at(event, 'triggerFor', 'actOrderRequired', 'code') ?? at(event, 'code');
    issues.push(issue(code && attr(code, 'code'), code && attr(code, 'codeSystem'), text(at(event, 'text'))));
  }
  return issues;
}

function issue(code: string | undefined, codeSystem: string | undefined, t: string | undefined): PatientDiscoveryIssue {
  return { code: code ?? '', ...(codeSystem !== undefined && { codeSystem }), ...(t !== undefined && { text: t }) };
}
