import { expect, it } from 'vitest';
import { runRules } from '../run-rules.ts';
import { fileReadable } from './file-readable.rule.ts';

it('speaks only when the reader could not read the file', () => {
  expect(runRules([fileReadable], {}, { subjectName: 'ok.dcm' }).findings).toEqual([]);
  expect(runRules([fileReadable], { reason: 'no DICM prefix' }, { subjectName: 'junk.dcm' }).findings).toEqual([
    expect.objectContaining({ ruleId: 'dicom.file.unreadable', severity: 'error', subject: 'junk.dcm', message: 'no DICM prefix' }),
  ]);
});
