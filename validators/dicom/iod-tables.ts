/**
 * IODs as data (PS3.3 Annex A): which modules each composes, with usage M (mandatory), C
 * (conditional, the condition in words and as a predicate where decidable) or U (user option).
 * Module tables are shared (modules/*.ts). A C module without a decidable condition, and every
 * U module, is checked only when present, i.e. when one of its attributes that no mandatory module
 * of the IOD also lists is in the data set (what dciodvfy does too).
 */
import { SopClass } from '../../fixtures/dicom/sop-classes.ts';
import { contrastBolus, crImage, crSeries, ctImage, generalImage, imagePixel, imagePlane, mrImage, usImage, voiLut } from './modules/image.ts';
import { enhancedGeneralEquipment, frameOfReference, generalEquipment, generalSeries, generalStudy, patient, patientStudy, sopCommon } from './modules/common.ts';
import type { ConditionScope, ModuleDef } from './modules/module.ts';
import { acquisitionContext, dxAnatomyImaged, dxDetector, dxImage, dxPositioning, dxSeries, mammographyImage, mammographySeries } from './modules/projection.ts';
import { keyObjectDocument, keyObjectDocumentSeries, srDocumentContent, srDocumentGeneral, srDocumentSeries } from './modules/sr.ts';

export type ModuleUsage = 'M' | 'C' | 'U';

export interface ModuleUse {
  readonly module: ModuleDef;
  readonly usage: ModuleUsage;
  readonly condition?: string;
  readonly required?: (scope: ConditionScope) => boolean;
}

export interface IodDef {
  readonly name: string;
  readonly specRef: string;
  readonly sopClassUids: readonly string[];
  readonly modules: readonly ModuleUse[];
}

const M = (module: ModuleDef): ModuleUse => ({ module, usage: 'M' });
const U = (module: ModuleDef): ModuleUse => ({ module, usage: 'U' });
const C = (module: ModuleDef, condition: string, required?: (scope: ConditionScope) => boolean): ModuleUse => ({ module, usage: 'C', condition, ...(required && { required }) });

const CONTRAST = C(contrastBolus, 'Required if contrast media was used in this image');
const patientAndStudy = [M(patient), M(generalStudy), U(patientStudy)];
const imageCore = [M(generalSeries), M(generalEquipment), M(generalImage), M(imagePixel)];

const dxFamily = (extraSeries: ModuleUse[], extraImage: ModuleUse[]): ModuleUse[] => [
  ...patientAndStudy,
  ...imageCore,
  M(dxSeries),
  ...extraSeries,
  U(frameOfReference),
  U(contrastBolus),
  M(dxAnatomyImaged),
  M(dxImage),
  M(dxDetector),
  U(dxPositioning),
  ...extraImage,
  C(voiLut, 'Required if Presentation Intent Type is FOR PRESENTATION'),
  M(acquisitionContext),
  M(sopCommon),
];

const srFamily = (extra: ModuleUse[] = []): ModuleUse[] => [...patientAndStudy, M(srDocumentSeries), M(generalEquipment), ...extra, M(srDocumentGeneral), M(srDocumentContent), M(sopCommon)];

export const IODS: readonly IodDef[] = [
  {
    name: 'CT Image', specRef: 'DICOM PS3.3 A.3', sopClassUids: [SopClass.CT],
    modules: [...patientAndStudy, ...imageCore, M(frameOfReference), M(imagePlane), CONTRAST, M(ctImage), U(voiLut), M(sopCommon)],
  },
  {
    name: 'MR Image', specRef: 'DICOM PS3.3 A.4', sopClassUids: [SopClass.MR],
    modules: [...patientAndStudy, ...imageCore, M(frameOfReference), M(imagePlane), CONTRAST, M(mrImage), U(voiLut), M(sopCommon)],
  },
  {
    name: 'CR Image', specRef: 'DICOM PS3.3 A.2', sopClassUids: [SopClass.CR],
    modules: [...patientAndStudy, ...imageCore, M(crSeries), CONTRAST, M(crImage), U(voiLut), M(sopCommon)],
  },
  {
    name: 'Digital X-Ray Image', specRef: 'DICOM PS3.3 A.26',
    sopClassUids: [SopClass.DXPresentation, '1.2.840.10008.5.1.4.1.1.1.1.1'],
    modules: dxFamily([], []),
  },
  {
    name: 'Digital Mammography X-Ray Image', specRef: 'DICOM PS3.3 A.27',
    sopClassUids: [SopClass.MGPresentation, '1.2.840.10008.5.1.4.1.1.1.2.1'],
    modules: dxFamily([M(mammographySeries)], [M(mammographyImage)]),
  },
  {
    name: 'US Image', specRef: 'DICOM PS3.3 A.6', sopClassUids: [SopClass.US],
    modules: [...patientAndStudy, ...imageCore, U(frameOfReference), CONTRAST, M(usImage), U(voiLut), M(sopCommon)],
  },
  {
    name: 'Key Object Selection Document', specRef: 'DICOM PS3.3 A.35.4', sopClassUids: [SopClass.KeyObjectSelection],
    modules: [...patientAndStudy, M(keyObjectDocumentSeries), M(generalEquipment), M(keyObjectDocument), M(srDocumentContent), M(sopCommon)],
  },
  { name: 'Basic Text SR', specRef: 'DICOM PS3.3 A.35.1', sopClassUids: [SopClass.BasicTextSR], modules: srFamily() },
  { name: 'Enhanced SR', specRef: 'DICOM PS3.3 A.35.2', sopClassUids: [SopClass.EnhancedSR], modules: srFamily() },
  { name: 'Comprehensive SR', specRef: 'DICOM PS3.3 A.35.3', sopClassUids: [SopClass.ComprehensiveSR], modules: srFamily() },
  { name: 'X-Ray Radiation Dose SR', specRef: 'DICOM PS3.3 A.35.8', sopClassUids: [SopClass.XRayRadiationDoseSR], modules: srFamily([M(enhancedGeneralEquipment)]) },
];

export function iodFor(sopClassUid: string): IodDef | undefined {
  return IODS.find((iod) => iod.sopClassUids.includes(sopClassUid));
}
