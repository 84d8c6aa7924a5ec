/**
 * The calibration corpus as data: each case breaks named attributes of one clean instance with
 * DCMTK's dcmodify, so dciodvfy (the reference) and ixh's DICOM validators can be compared on
 * files whose defects are known. `breaks` lists the innermost tags the case damages on purpose;
 * dciodvfy must name every one of them as an error, otherwise the mutation did not do what its
 * name says (checked by calibration.test.ts before any comparison).
 */

/** One clean instance per IOD; `pt`/`nm`/`cr`/`dx`/`xa` come from the hand-written test world (seed 7 has none). */
export const IODS = ['ct', 'mr', 'us', 'mg', 'cr', 'dx', 'pt', 'nm', 'xa', 'kos'] as const;
export type IodKey = (typeof IODS)[number];

export type MutationKind =
  | 'missing-type1'
  | 'empty-type1'
  | 'missing-type2'
  | 'bad-vr-value'
  | 'wrong-vm'
  | 'missing-module'
  | 'bad-uid'
  | 'missing-sop-common'
  | 'sequence-item-missing-type1';

export interface Mutation {
  readonly iod: IodKey;
  /** Kebab-case; the file is `<iod>-<name>.dcm`. */
  readonly name: string;
  readonly kind: MutationKind;
  readonly description: string;
  /** dcmodify arguments, without `-nb` and the file (added by the builder). */
  readonly dcmodify: readonly string[];
  /** Innermost tags, "(GGGG,EEEE)" upper-case, that the case breaks on purpose. */
  readonly breaks: readonly string[];
}

const eraseAll = (...tags: string[]): string[] => tags.flatMap((t) => ['-ea', t]);
const modify = (path: string, value: string): string[] => ['-m', `${path}=${value}`];
/** Removing a whole module: attributes a given instance lacks are not an error of the mutation. */
const eraseModule = (...tags: string[]): string[] => ['-imt', ...eraseAll(...tags)];

const GENERAL_EQUIPMENT = ['(0008,0070)', '(0008,0080)', '(0008,0081)', '(0008,1010)', '(0008,1090)', '(0018,1000)', '(0018,1020)'];
const IMAGE_PIXEL = ['(0028,0002)', '(0028,0004)', '(0028,0010)', '(0028,0011)', '(0028,0100)', '(0028,0101)', '(0028,0102)', '(0028,0103)', '(7FE0,0010)'];
const GENERAL_STUDY = ['(0020,000D)', '(0008,0020)', '(0008,0030)', '(0008,0090)', '(0020,0010)', '(0008,0050)', '(0008,0051)', '(0008,1030)', '(0008,1032)'];

export const MUTATIONS: readonly Mutation[] = [
  // CT (seed 7)
  { iod: 'ct', name: 'missing-study-instance-uid', kind: 'missing-type1', description: 'Study Instance UID removed', dcmodify: eraseAll('(0020,000D)'), breaks: ['(0020,000D)'] },
  { iod: 'ct', name: 'empty-study-instance-uid', kind: 'empty-type1', description: 'Study Instance UID present, zero length', dcmodify: ['-ma', '(0020,000D)='], breaks: ['(0020,000D)'] },
  { iod: 'ct', name: 'missing-patient-name', kind: 'missing-type2', description: "Patient's Name (Type 2) removed", dcmodify: eraseAll('(0010,0010)'), breaks: ['(0010,0010)'] },
  { iod: 'ct', name: 'bad-study-date', kind: 'bad-vr-value', description: 'DA "2024-13-45"', dcmodify: modify('(0008,0020)', '2024-13-45'), breaks: ['(0008,0020)'] },
  { iod: 'ct', name: 'bad-study-time', kind: 'bad-vr-value', description: 'TM "25:61"', dcmodify: modify('(0008,0030)', '25:61'), breaks: ['(0008,0030)'] },
  { iod: 'ct', name: 'series-uid-with-letters', kind: 'bad-uid', description: 'Series Instance UID "1.2.abc.3"', dcmodify: modify('(0020,000E)', '1.2.abc.3'), breaks: ['(0020,000E)'] },
  { iod: 'ct', name: 'lowercase-modality', kind: 'bad-vr-value', description: 'CS Modality "ct" (lower case)', dcmodify: modify('(0008,0060)', 'ct'), breaks: ['(0008,0060)'] },
  { iod: 'ct', name: 'non-numeric-slice-thickness', kind: 'bad-vr-value', description: 'DS Slice Thickness "thick"', dcmodify: modify('(0018,0050)', 'thick'), breaks: ['(0018,0050)'] },
  { iod: 'ct', name: 'pixel-spacing-one-value', kind: 'wrong-vm', description: 'Pixel Spacing with 1 value (VM 2)', dcmodify: modify('(0028,0030)', '0.5'), breaks: ['(0028,0030)'] },
  { iod: 'ct', name: 'image-type-one-value', kind: 'wrong-vm', description: 'Image Type with 1 value (VM 2-n)', dcmodify: modify('(0008,0008)', 'ORIGINAL'), breaks: ['(0008,0008)'] },
  { iod: 'ct', name: 'no-image-pixel-module', kind: 'missing-module', description: 'every Image Pixel module attribute removed', dcmodify: eraseModule(...IMAGE_PIXEL), breaks: IMAGE_PIXEL },
  { iod: 'ct', name: 'missing-sop-instance-uid', kind: 'missing-sop-common', description: 'SOP Instance UID removed (meta header keeps its copy)', dcmodify: eraseAll('(0008,0018)'), breaks: ['(0008,0018)'] },
  { iod: 'ct', name: 'anatomic-region-without-code-value', kind: 'sequence-item-missing-type1', description: 'Anatomic Region Sequence item without Code Value (nor Long/URN Code Value)', dcmodify: ['-e', '(0008,2218)[0].(0008,0100)'], breaks: ['(0008,0100)'] },
  { iod: 'ct', name: 'procedure-code-without-meaning', kind: 'sequence-item-missing-type1', description: 'Procedure Code Sequence item without Code Meaning', dcmodify: ['-e', '(0008,1032)[0].(0008,0104)'], breaks: ['(0008,0104)'] },

  // MR (seed 7)
  { iod: 'mr', name: 'missing-series-instance-uid', kind: 'missing-type1', description: 'Series Instance UID removed', dcmodify: eraseAll('(0020,000E)'), breaks: ['(0020,000E)'] },
  { iod: 'mr', name: 'missing-scanning-sequence', kind: 'missing-type1', description: 'Scanning Sequence (MR Image, Type 1) removed', dcmodify: eraseAll('(0018,0020)'), breaks: ['(0018,0020)'] },
  { iod: 'mr', name: 'frame-of-reference-uid-leading-zero', kind: 'bad-uid', description: 'Frame of Reference UID "1.2.03.4" (leading zero component)', dcmodify: modify('(0020,0052)', '1.2.03.4'), breaks: ['(0020,0052)'] },
  { iod: 'mr', name: 'no-general-equipment-module', kind: 'missing-module', description: 'every General Equipment module attribute removed (only Manufacturer is Type 2)', dcmodify: eraseModule(...GENERAL_EQUIPMENT), breaks: ['(0008,0070)'] },
  { iod: 'mr', name: 'non-numeric-series-number', kind: 'bad-vr-value', description: 'IS Series Number "abc"', dcmodify: modify('(0020,0011)', 'abc'), breaks: ['(0020,0011)'] },
  { iod: 'mr', name: 'lowercase-scanning-sequence', kind: 'bad-vr-value', description: 'CS Scanning Sequence "se" (lower case)', dcmodify: modify('(0018,0020)', 'se'), breaks: ['(0018,0020)'] },
  { iod: 'mr', name: 'patient-position-too-long', kind: 'bad-vr-value', description: 'CS Patient Position of 17 characters (max 16)', dcmodify: modify('(0018,5100)', 'HEADFIRSTSUPINEXX'), breaks: ['(0018,5100)'] },
  { iod: 'mr', name: 'missing-sop-class-uid', kind: 'missing-sop-common', description: 'SOP Class UID removed (meta header keeps its copy)', dcmodify: eraseAll('(0008,0016)'), breaks: ['(0008,0016)'] },

  // US (seed 7)
  { iod: 'us', name: 'missing-patient-id', kind: 'missing-type2', description: 'Patient ID (Type 2) removed', dcmodify: eraseAll('(0010,0020)'), breaks: ['(0010,0020)'] },
  { iod: 'us', name: 'bad-content-date', kind: 'bad-vr-value', description: 'DA Content Date "24/03/2024"', dcmodify: modify('(0008,0023)', '24/03/2024'), breaks: ['(0008,0023)'] },
  { iod: 'us', name: 'missing-photometric-interpretation', kind: 'missing-type1', description: 'Photometric Interpretation removed', dcmodify: eraseAll('(0028,0004)'), breaks: ['(0028,0004)'] },
  { iod: 'us', name: 'empty-modality', kind: 'empty-type1', description: 'Modality present, zero length', dcmodify: modify('(0008,0060)', ''), breaks: ['(0008,0060)'] },

  // MG (seed 7)
  { iod: 'mg', name: 'missing-image-laterality', kind: 'missing-type1', description: 'Image Laterality (MG Image, Type 1) removed', dcmodify: eraseAll('(0020,0062)'), breaks: ['(0020,0062)'] },
  { iod: 'mg', name: 'view-code-without-scheme', kind: 'sequence-item-missing-type1', description: 'View Code Sequence item without Coding Scheme Designator', dcmodify: ['-e', '(0054,0220)[0].(0008,0102)'], breaks: ['(0008,0102)'] },
  { iod: 'mg', name: 'bad-birth-date', kind: 'bad-vr-value', description: 'DA Patient\'s Birth Date "1985/07/15"', dcmodify: modify('(0010,0030)', '1985/07/15'), breaks: ['(0010,0030)'] },
  { iod: 'mg', name: 'imager-pixel-spacing-one-value', kind: 'wrong-vm', description: 'Imager Pixel Spacing with 1 value (VM 2)', dcmodify: modify('(0018,1164)', '0.1'), breaks: ['(0018,1164)'] },

  // CR (test world)
  { iod: 'cr', name: 'missing-referring-physician', kind: 'missing-type2', description: "Referring Physician's Name (Type 2) removed", dcmodify: eraseAll('(0008,0090)'), breaks: ['(0008,0090)'] },
  { iod: 'cr', name: 'lowercase-body-part', kind: 'bad-vr-value', description: 'CS Body Part Examined "chest" (lower case)', dcmodify: modify('(0018,0015)', 'chest'), breaks: ['(0018,0015)'] },
  { iod: 'cr', name: 'no-sop-common-uids', kind: 'missing-sop-common', description: 'SOP Class UID and SOP Instance UID both removed', dcmodify: eraseAll('(0008,0016)', '(0008,0018)'), breaks: ['(0008,0016)', '(0008,0018)'] },

  // DX (test world)
  { iod: 'dx', name: 'no-general-study-module', kind: 'missing-module', description: 'every General Study module attribute removed', dcmodify: eraseModule(...GENERAL_STUDY), breaks: ['(0020,000D)', '(0008,0020)', '(0008,0030)', '(0008,0090)', '(0020,0010)', '(0008,0050)'] },
  { iod: 'dx', name: 'non-numeric-kvp', kind: 'bad-vr-value', description: 'DS KVP "high"', dcmodify: modify('(0018,0060)', 'high'), breaks: ['(0018,0060)'] },

  // PET (test world)
  { iod: 'pt', name: 'missing-units', kind: 'missing-type1', description: 'Units (PET Series, Type 1) removed', dcmodify: eraseAll('(0054,1001)'), breaks: ['(0054,1001)'] },
  { iod: 'pt', name: 'bad-series-time', kind: 'bad-vr-value', description: 'TM Series Time "9:30"', dcmodify: modify('(0008,0031)', '9:30'), breaks: ['(0008,0031)'] },
  { iod: 'pt', name: 'radionuclide-code-without-value', kind: 'sequence-item-missing-type1', description: 'Radionuclide Code Sequence item (nested in Radiopharmaceutical Information) without Code Value', dcmodify: ['-e', '(0054,0016)[0].(0054,0300)[0].(0008,0100)'], breaks: ['(0008,0100)'] },

  // NM (test world)
  { iod: 'nm', name: 'missing-number-of-frames', kind: 'missing-type1', description: 'Number of Frames (NM Multi-frame, Type 1) removed', dcmodify: eraseAll('(0028,0008)'), breaks: ['(0028,0008)'] },
  { iod: 'nm', name: 'sop-instance-uid-too-long', kind: 'bad-uid', description: 'SOP Instance UID of 70 characters (max 64); dcmodify copies it into Media Storage SOP Instance UID', dcmodify: modify('(0008,0018)', `1.2.${'3'.repeat(66)}`), breaks: ['(0002,0003)', '(0008,0018)'] },
  { iod: 'nm', name: 'energy-window-range-bad-ds', kind: 'bad-vr-value', description: 'DS Energy Window Lower Limit "low" inside a nested sequence', dcmodify: modify('(0054,0012)[0].(0054,0013)[0].(0054,0014)', 'low'), breaks: ['(0054,0014)'] },

  // XA (test world)
  { iod: 'xa', name: 'missing-kvp', kind: 'missing-type2', description: 'KVP (X-Ray Acquisition, Type 2) removed', dcmodify: eraseAll('(0018,0060)'), breaks: ['(0018,0060)'] },
  { iod: 'xa', name: 'anatomic-region-without-meaning', kind: 'sequence-item-missing-type1', description: 'Anatomic Region Sequence item without Code Meaning', dcmodify: ['-e', '(0008,2218)[0].(0008,0104)'], breaks: ['(0008,0104)'] },

  // KOS manifest (seed 7 NL, ms-follow-up)
  { iod: 'kos', name: 'content-item-without-relationship', kind: 'sequence-item-missing-type1', description: 'first Content Sequence item without Relationship Type', dcmodify: ['-e', '(0040,A730)[0].(0040,A010)'], breaks: ['(0040,A010)'] },
  { iod: 'kos', name: 'concept-name-without-meaning', kind: 'sequence-item-missing-type1', description: 'document title (Concept Name Code Sequence) without Code Meaning', dcmodify: ['-e', '(0040,A043)[0].(0008,0104)'], breaks: ['(0008,0104)'] },
  { iod: 'kos', name: 'missing-evidence-sequence', kind: 'missing-type1', description: 'Current Requested Procedure Evidence Sequence removed', dcmodify: eraseAll('(0040,A375)'), breaks: ['(0040,A375)'] },
  { iod: 'kos', name: 'bad-content-time', kind: 'bad-vr-value', description: 'TM Content Time "12h00"', dcmodify: modify('(0008,0033)', '12h00'), breaks: ['(0008,0033)'] },
  { iod: 'kos', name: 'referenced-sop-class-uid-letters', kind: 'bad-uid', description: 'Referenced SOP Class UID "1.2.840.x" in the first image reference', dcmodify: modify('(0040,A730)[0].(0008,1199)[0].(0008,1150)', '1.2.840.x'), breaks: ['(0008,1150)'] },
];

/** Corpus file name of a case. */
export function mutationFile(m: Pick<Mutation, 'iod' | 'name'>): string {
  return `${m.iod}-${m.name}.dcm`;
}

/** Corpus file name of an IOD's unmodified instance. */
export function cleanFile(iod: IodKey): string {
  return `${iod}-clean.dcm`;
}
