/**
 * Known, justified differences between ixh's DICOM validators and dciodvfy on the calibration
 * corpus. Each entry names the file, the attribute, which side reports it, who is right
 * according to PS3.3 and why. calibration.test.ts fails on any difference not listed here and
 * on any entry that no longer matches a difference, so the list cannot silently grow stale.
 *
 * Only differences where ixh's verdict is defensible belong here: a difference where dciodvfy
 * is right is an ixh bug and stays a failing test until the rule is fixed.
 */
import type { AllowedDifference } from './compare.ts';

/**
 * PS3.3 Table 8.8-1 (Basic Code Sequence Macro): exactly one of Code Value (1C, code of at most
 * 16 characters), Long Code Value (1C, longer code) and URN Code Value (1C, URN/URL code) is
 * required, depending on the form of the code. An item with no code at all has one defect;
 * dciodvfy evaluates each condition on its own and names all three, ixh names Code Value once.
 * Both flag the item as an error, so the verdict on the file is the same.
 */
const codeValueAlternatives = (file: string): AllowedDifference[] => [
  { file, tag: '(0008,0119)', keyword: 'LongCodeValue', side: 'only-dciodvfy', right: 'both', reason: 'Code item with no code: one defect. dciodvfy names each of the three 1C alternatives of PS3.3 Table 8.8-1; ixh names Code Value once.' },
  { file, tag: '(0008,0120)', keyword: 'URNCodeValue', side: 'only-dciodvfy', right: 'both', reason: 'Code item with no code: one defect. dciodvfy names each of the three 1C alternatives of PS3.3 Table 8.8-1; ixh names Code Value once.' },
];

export const ALLOW_LIST: readonly AllowedDifference[] = [
  ...codeValueAlternatives('ct-anatomic-region-without-code-value.dcm'),
  ...codeValueAlternatives('pt-radionuclide-code-without-value.dcm'),
];
