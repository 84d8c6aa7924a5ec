/**
 * The light message families: what `ixh validate` says about a file before (input) or instead of
 * a full family: SOAP envelopes, ebXML registry responses, XCPD HL7 v3 messages, SAML assertions
 * and DICOM audit messages.
 */
import type { ValidateOptions, ValidatorFamily } from '../family.ts';
import { runRules, type RuleRun } from '../run-rules.ts';
import { atnaRules, type AtnaSubject } from './atna-audit-message.rule.ts';
import { ebrimRules, type EbrimSubject } from './ebrim-response-status.rule.ts';
import { inputRules, type InputSubject } from './input-refusal.rule.ts';
import { samlRules, type SamlSubject } from './saml-assertion.rule.ts';
import { soapRules, type SoapSubject } from './soap-envelope.rule.ts';
import { hl7v3Rules, type Hl7v3Subject } from './xcpd-message.rule.ts';

export type { AtnaSubject, EbrimSubject, Hl7v3Subject, InputSubject, SamlSubject, SoapSubject };
export { soapBodyContent, soapHeaderAssertions } from './soap-envelope.rule.ts';

export const inputFamily: ValidatorFamily<InputSubject> = {
  name: 'input',
  description: 'Whether a file can be judged at all: recognised kind, safe XML, well-formed JSON, readable DICOM',
  rules: inputRules,
};

export const soapFamily: ValidatorFamily<SoapSubject> = {
  name: 'message.soap',
  description: 'SOAP envelope structure and the IHE web-services binding (SOAP 1.2, WS-Addressing)',
  rules: soapRules,
};

export const ebrimFamily: ValidatorFamily<EbrimSubject> = {
  name: 'message.ebrim',
  description: 'ebXML registry response status (the metadata inside is the metadata family)',
  rules: ebrimRules,
};

export const hl7v3Family: ValidatorFamily<Hl7v3Subject> = {
  name: 'message.hl7v3',
  description: 'XCPD (ITI-55) HL7 v3 query and response, read by the gateways’ codec',
  rules: hl7v3Rules,
};

export const samlFamily: ValidatorFamily<SamlSubject> = {
  name: 'message.saml',
  description: 'SAML 2.0 assertion structure (light: presence and windows, no signature verification)',
  rules: samlRules,
};

export const atnaFamily: ValidatorFamily<AtnaSubject> = {
  name: 'message.atna',
  description: 'DICOM audit message structure (light, PS3.15 A.5.1)',
  rules: atnaRules,
};

export const messageFamilies = [inputFamily, soapFamily, ebrimFamily, hl7v3Family, samlFamily, atnaFamily] as const;

export const validateInput = (s: InputSubject, o: ValidateOptions): RuleRun => runRules(inputRules, s, o);
export const validateSoapEnvelope = (envelope: SoapSubject, o: ValidateOptions): RuleRun => runRules(soapRules, envelope, o);
export const validateEbrimResponse = (root: EbrimSubject, o: ValidateOptions): RuleRun => runRules(ebrimRules, root, o);
export const validateHl7v3 = (root: Hl7v3Subject, o: ValidateOptions): RuleRun => runRules(hl7v3Rules, root, o);
export const validateSamlAssertion = (assertion: SamlSubject, o: ValidateOptions): RuleRun => runRules(samlRules, assertion, o);
