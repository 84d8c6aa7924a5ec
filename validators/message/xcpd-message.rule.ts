/**
 * HL7 v3 messages of XCPD (ITI-55) read by the gateways' own strict codec: what the codec cannot
 * read (`XcpdMessageError` names the missing or wrong part) is what a gateway would reject.
 * Other HL7 v3 interactions are reported as not evaluated, never as passing.
 */
import { readPatientDiscoveryQuery, readPatientDiscoveryResponse, XcpdMessageError } from '../../simulators/ncp/xcpd/index.ts';
import type { XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Rule } from '../rule.ts';

export type Hl7v3Subject = XmlElement;

const QUERY = 'PRPA_IN201305UV02';
const RESPONSE = 'PRPA_IN201306UV02';

export const hl7v3InteractionEvaluated: Rule<Hl7v3Subject> = {
  id: 'message.hl7v3.interaction-evaluated',
  title: 'HL7 v3 interactions other than the XCPD query and response are reported as not evaluated',
  severity: 'info',
  requirements: ['GEN-09'],
  specRef: 'IHE ITI TF-2 §3.55.4',
  *check(root) {
    if (root.local === QUERY || root.local === RESPONSE) return;
    yield { path: `/${root.local}`, message: `not evaluated: ixh checks the XCPD interactions ${QUERY} and ${RESPONSE} only`, actual: root.local };
  },
};

export const xcpdMessageReadable: Rule<Hl7v3Subject> = {
  id: 'message.hl7v3.xcpd-readable',
  title: 'An XCPD query or response carries every part a gateway reads (ids, devices, parameters, acknowledgement, query ack)',
  severity: 'error',
  requirements: ['GEN-09', 'GEN-13'],
  specRef: 'IHE ITI TF-2 §3.55.4.1-3.55.4.2; HL7 v3 PRPA_IN201305UV02 / PRPA_IN201306UV02',
  *check(root) {
    if (root.local !== QUERY && root.local !== RESPONSE) return;
    const problem = readProblem(root);
    if (problem !== undefined) yield { path: `/${root.local}`, message: problem, expected: `a complete ${root.local}` };
  },
};

export const xcpdQueryByNationalId: Rule<Hl7v3Subject> = {
  id: 'message.hl7v3.xcpd-query-national-id',
  title: 'eHDSI: an XCPD query identifies the patient by at least one national identifier (livingSubjectId)',
  severity: 'error',
  requirements: ['GEN-09'],
  specRef: 'eHDSI XCPD Profile (identification by national identifiers); IHE ITI TF-2 §3.55.4.1.2',
  profiles: ['ehdsi-orcd'],
  *check(root) {
    if (root.local !== QUERY || readProblem(root) !== undefined) return;
    const query = readPatientDiscoveryQuery(root);
    if (query.livingSubjectIds.length === 0) {
      yield { path: `/${QUERY}/controlActProcess/queryByParameter/parameterList/livingSubjectId`, message: 'no national patient identifier in the query', expected: '≥ 1 livingSubjectId', actual: '0' };
    }
  },
};

/** What the codec could not read, or undefined; anything but `XcpdMessageError` is the harness's fault and propagates. */
function readProblem(root: XmlElement): string | undefined {
  try {
    if (root.local === QUERY) readPatientDiscoveryQuery(root);
    else readPatientDiscoveryResponse(root);
    return undefined;
  } catch (err) {
    if (err instanceof XcpdMessageError) return err.message;
    throw err;
  }
}

export const hl7v3Rules: readonly Rule<Hl7v3Subject>[] = [hl7v3InteractionEvaluated, xcpdMessageReadable, xcpdQueryByNationalId];
