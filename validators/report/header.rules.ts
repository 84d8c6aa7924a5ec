/**
 * Report header (REP-01): who the report is about, who wrote and who signed it, when, and that it
 * is an imaging report (LOINC 18748-4). One table, read the same way for CDA and FHIR.
 */
import type { RuleFinding } from '../rule.ts';
import { CONTENT_SPEC, rootPath, type ContentRule } from './report-subject.ts';
import { LN } from '../codes/coding-schemes.ts';
import { DIAGNOSTIC_IMAGING_STUDY } from '../codes/loinc-document-type.ts';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export const headerPatientRule: ContentRule = {
  id: 'report.header.patient',
  title: 'The report names its patient by an identifier and the identifier\'s issuer (an OID)',
  severity: 'error',
  requirements: ['REP-01', 'GEN-09'],
  specRef: `${CONTENT_SPEC}; CDA recordTarget/patientRole/id, FHIR Patient.identifier`,
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    if (!r.patient) {
      yield { path: rootPath(r), message: 'no patient identifier', expected: 'a patient identifier with its issuer' };
      return;
    }
    if (!r.patient.value.issuerOid || !/^[0-2](\.(0|[1-9]\d*))+$/.test(r.patient.value.issuerOid)) {
      yield { path: r.patient.path, message: 'the patient identifier has no issuer OID', expected: 'issuer OID (CDA id/@root, FHIR system urn:oid:…)', actual: r.patient.value.issuerOid ?? '(none)' };
    }
  },
};

export const headerAuthorRule: ContentRule = {
  id: 'report.header.author',
  title: 'The report names its author (the reporting radiologist)',
  severity: 'error',
  requirements: ['REP-01', 'RISK-PROVENANCE'],
  specRef: `${CONTENT_SPEC}; CDA author/assignedAuthor, FHIR Composition.author`,
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    if (!r.author) yield { path: rootPath(r), message: 'no author', expected: 'an author who is a person' };
    else if (!r.author.name) yield { path: r.author.path, message: 'the author has no name', expected: 'the author\'s name' };
  },
};

export const headerLegalAuthenticatorRule: ContentRule = {
  id: 'report.header.legal-authenticator',
  title: 'The report has a named legal authenticator',
  severity: 'error',
  requirements: ['REP-01', 'RISK-PROVENANCE'],
  specRef: `${CONTENT_SPEC}; CDA legalAuthenticator, FHIR Composition.attester (mode legal)`,
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    if (!r.legalAuthenticator) yield { path: rootPath(r), message: 'no legal authenticator', expected: 'a legal attester' };
    else if (!r.legalAuthenticator.name) yield { path: r.legalAuthenticator.path, message: 'the legal authenticator is not a named person', expected: 'a person with a name' };
  },
};

export const headerDateRule: ContentRule = {
  id: 'report.header.date',
  title: 'The report states when it was written, as a date-time with a time zone',
  severity: 'error',
  requirements: ['REP-01'],
  specRef: `${CONTENT_SPEC}; CDA effectiveTime, FHIR Composition.date`,
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    if (!r.date) {
      yield { path: rootPath(r), message: 'no report date', expected: 'a date-time' };
      return;
    }
    if (!ISO_DATE_TIME.test(r.date.value) || !/(Z|[+-]\d{2}:\d{2})$/.test(r.date.value)) {
      yield { path: r.date.path, message: 'the report date is not a date-time with a time zone', expected: 'YYYY-MM-DDThh:mm:ss±hh:mm', actual: r.date.value };
    }
  },
};

export const headerTypeRule: ContentRule = {
  id: 'report.header.type',
  title: 'The document type is LOINC 18748-4 "Diagnostic imaging study"',
  severity: 'error',
  requirements: ['REP-01', 'MET-04'],
  specRef: `${CONTENT_SPEC}; CDA ClinicalDocument/code, FHIR Composition.type`,
  *check({ extracted: r, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    const t = r.documentType;
    const loinc = r.format === 'cda' ? LN.oid : LN.uri;
    if (!t || t.value.code !== DIAGNOSTIC_IMAGING_STUDY || t.value.system !== loinc) {
      yield {
        path: t?.path ?? rootPath(r), message: 'the document type is not LOINC 18748-4',
        expected: `${DIAGNOSTIC_IMAGING_STUDY} (${loinc})`, actual: t ? `${t.value.code} (${t.value.system ?? 'no system'})` : '(none)',
      };
    }
  },
};

export const HEADER_RULES: readonly ContentRule[] = [headerPatientRule, headerAuthorRule, headerLegalAuthenticatorRule, headerDateRule, headerTypeRule];
