/**
 * What `ixh validate` says about a file it could open but not judge: bytes that are no artifact
 * it knows, XML refused by the safe parser (DOCTYPE, entities, depth, encoding: SOAP 1.2 forbids
 * a DTD outright), JSON that does not parse, a DICOM file that ends before its data set does. Each
 * is an error finding, never a silent skip: a file nobody could read is a failed exchange.
 */
import type { InputFormat } from '../detect-kind.ts';
import type { Rule, RuleFinding } from '../rule.ts';

export interface InputSubject {
  readonly format: InputFormat;
  readonly recognised: boolean;
  /** From the kind probe: why the content was not accepted as what it looks like. */
  readonly refusal?: { readonly code: string; readonly reason: string };
  /** dcmjs could not read the data set (truncated, bad lengths, garbage after the preamble). */
  readonly dicomError?: string;
  /** Families the file needed that this build does not have (they land in parallel). */
  readonly missingFamilies?: readonly string[];
}

const UNRECOGNISED_CODES = new Set(['unrecognised', 'unknown-root', 'no-resource-type']);

export const inputFormatRecognised: Rule<InputSubject> = {
  id: 'input.format.recognised',
  title: 'The file is a DICOM data set, a CDA, FHIR, SOAP, ebRIM, HL7 v3, SAML or ATNA artifact',
  severity: 'error',
  requirements: ['RISK-MISSING'],
  specRef: 'DICOM PS3.10 §7.1; W3C XML 1.0 §2.1; RFC 8259 §2',
  *check(s) {
    if (s.recognised || !s.refusal || !UNRECOGNISED_CODES.has(s.refusal.code)) return;
    yield { path: '/', message: `content not recognised: ${s.refusal.reason}`, expected: 'a known artifact', actual: s.format };
  },
};

export const inputXmlAccepted: Rule<InputSubject> = {
  id: 'input.xml.accepted',
  title: 'XML is well-formed UTF-8 without DOCTYPE or entity declarations, within size and depth limits',
  severity: 'error',
  requirements: ['GEN-08', 'REP-08'],
  specRef: 'SOAP 1.2 Part 1 §5 (no DTD); W3C XML 1.0 §2.8, §4.1',
  *check(s) {
    if (s.format !== 'xml' || !s.refusal || UNRECOGNISED_CODES.has(s.refusal.code)) return;
    yield refusal(s.refusal, 'well-formed XML without DTD');
  },
};

export const inputJsonAccepted: Rule<InputSubject> = {
  id: 'input.json.accepted',
  title: 'JSON is well-formed UTF-8 within size and depth limits',
  severity: 'error',
  requirements: ['REP-08'],
  specRef: 'RFC 8259 §2, §8.1; HL7 FHIR R4 §2.6.2 (JSON representation)',
  *check(s) {
    if (s.format !== 'json' || !s.refusal || UNRECOGNISED_CODES.has(s.refusal.code)) return;
    yield refusal(s.refusal, 'well-formed UTF-8 JSON');
  },
};

export const inputDicomReadable: Rule<InputSubject> = {
  id: 'input.dicom.readable',
  title: 'A DICOM file parses to its end: preamble, file meta and data set with consistent lengths',
  severity: 'error',
  requirements: ['GEN-05'],
  specRef: 'DICOM PS3.10 §7.1; PS3.5 §7.1',
  *check(s) {
    if (s.format !== 'dicom' || s.dicomError === undefined) return;
    yield { path: '/', message: `DICOM data set cannot be read: ${s.dicomError}`, expected: 'a complete data set', actual: 'truncated or corrupt' };
  },
};

export const inputFamiliesAvailable: Rule<InputSubject> = {
  id: 'input.family.available',
  title: 'Every family the artifact needs was available; otherwise the file is reported as not evaluated by it',
  severity: 'info',
  requirements: ['RISK-MISSING'],
  specRef: 'ixh docs/validators.md (coverage: a check that cannot run never passes silently)',
  *check(s) {
    for (const family of s.missingFamilies ?? []) {
      yield { path: '/', message: `not evaluated: no ${family} validator in this build`, expected: `the ${family} family`, actual: 'absent' };
    }
  },
};

function refusal(r: { code: string; reason: string }, expected: string): RuleFinding {
  return { path: '/', message: `refused (${r.code}): ${r.reason}`, expected, actual: r.code };
}

export const inputRules: readonly Rule<InputSubject>[] = [inputFormatRecognised, inputXmlAccepted, inputJsonAccepted, inputDicomReadable, inputFamiliesAvailable];
