/**
 * Manifest rules judge a data set; `datasetRule` lets each one be written against the data set
 * alone. The entry point never runs them on an unreadable subject (only the readability rule runs
 * then), so a rule skipped for lack of a data set is never reported as checked.
 */
import type { Rule, RuleFinding } from '../rule.ts';
import type { Item } from './dataset-access.ts';
import type { ManifestSubject } from './manifest-subject.ts';

export type ManifestRule = Rule<ManifestSubject>;

export function datasetRule(spec: Omit<ManifestRule, 'check'> & { check(ds: Item, subject: ManifestSubject): Iterable<RuleFinding> }): ManifestRule {
  const { check, ...rest } = spec;
  return {
    ...rest,
    check(subject) {
      return subject.ds === undefined ? [] : check(subject.ds, subject);
    },
  };
}
