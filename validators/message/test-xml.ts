/** Test helpers: parse XML text as a validator receives it, and run one rule over it. */
import { parseXmlSafely } from '../../simulators/soap/safe-xml.ts';
import type { XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Rule, RuleFinding } from '../rule.ts';

export const xml = (text: string): XmlElement => parseXmlSafely(text);

export function findings<S>(rule: Rule<S>, subject: S): RuleFinding[] {
  return [...rule.check(subject)];
}
