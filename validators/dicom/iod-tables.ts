/**
 * IODs as data (PS3.3 Annex A): which modules each composes, with usage M (mandatory), C
 * (conditional, the condition in words and as a predicate where decidable) or U (user option).
 * Module tables are shared (modules/*.ts). A C module without a decidable condition, and every
 * U module, is checked only when present, i.e. when one of its attributes that no mandatory module
 * of the IOD also lists is in the data set (what dciodvfy does too).
 */
import { SopClass } from '../../fixtures/dicom/sop-classes.ts';
import { contrastBolus, crImage, crSeries, ctImage, generalImage, imagePixel, imagePlane, mrImage, multiFrame, usImage, voiLut } from './modules/image.ts';
import { compositeSeries, enhancedGeneralEquipment, frameOfReference, generalEquipment, generalSeries, generalStudy, patient, patientStudy, sopCommon } from './modules/common.ts';
import { has, type ConditionScope, type ModuleDef } from './modules/module.ts';
import { acquisitionContext, dxAnatomyImaged, dxDetector, dxImage, dxPositioning, dxSeries, mammographyImage, mammographySeries } from './modules/projection.ts';
import { nmDetector, nmImage, nmImagePixel, nmIsotope, nmMultiFrame, nmPetPatientOrientation, petImage, petIsotope, petSeries } from './modules/nuclear.ts';
import { keyObjectDocument, keyObjectDocumentSeries, srDocumentContent, srDocumentGeneral, srDocumentSeries } from './modules/sr.ts';
import { xaPositioner, xrayAcquisition, xrayImage } from './modules/xray.ts';

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
    name: 'PET Image', specRef: 'DICOM PS3.3 A.21', sopClassUids: [SopClass.PET],
    modules: [
      ...patientAndStudy, M(generalSeries), M(petSeries), M(petIsotope), M(nmPetPatientOrientation), M(frameOfReference), M(generalEquipment),
      M(generalImage), M(imagePlane), M(imagePixel), CONTRAST, M(petImage), U(voiLut), M(sopCommon),
    ],
  },
  {
    name: 'NM Image', specRef: 'DICOM PS3.3 A.5', sopClassUids: [SopClass.NM],
    modules: [
      ...patientAndStudy, M(generalSeries), M(nmPetPatientOrientation), U(frameOfReference), M(generalEquipment), M(generalImage), M(imagePixel),
      M(nmImagePixel), M(multiFrame), M(nmMultiFrame), M(nmImage), M(nmIsotope), M(nmDetector), U(voiLut), M(sopCommon),
    ],
  },
  {
    name: 'X-Ray Angiographic Image', specRef: 'DICOM PS3.3 A.14', sopClassUids: [SopClass.XA],
    modules: [
      ...patientAndStudy, ...imageCore, CONTRAST,
      C(multiFrame, 'Required if the pixel data is multi-frame data', has('NumberOfFrames')),
      M(xrayImage), M(xrayAcquisition), M(xaPositioner), U(voiLut), M(sopCommon),
    ],
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

/**
 * The modules every composite IOD has (PS3.3 A.1.2: Patient, General Study, a series module,
 * General Equipment, SOP Common), checked on a composite instance whose SOP Class has no table
 * here, or that names no SOP Class at all: "no table" must not mean "nothing is checked".
 */
export const COMPOSITE_COMMON: IodDef = {
  name: 'composite (modules common to all composite IODs)', specRef: 'DICOM PS3.3 A.1.2', sopClassUids: [],
  modules: [M(patient), M(generalStudy), M(compositeSeries), M(generalEquipment), M(sopCommon)],
};

/** Not composite instances, so no composite module applies (PS3.10 DICOMDIR). */
const NOT_COMPOSITE = new Set(['1.2.840.10008.1.3.10']);

/** The table a data set is judged by: its SOP Class's own, else the composite common modules. */
export function tableFor(sopClassUid: string): IodDef | undefined {
  return iodFor(sopClassUid) ?? (NOT_COMPOSITE.has(sopClassUid) ? undefined : COMPOSITE_COMMON);
}
