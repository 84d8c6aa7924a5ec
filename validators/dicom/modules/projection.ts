/** Digital X-Ray and Digital Mammography modules (PS3.3 C.8.11). */
import { attr, CODE_ITEM, module } from './module.ts';

export const dxSeries = module('DXSeries', 'C.8.11.1', [
  attr('Modality', '1'),
  attr('ReferencedPerformedProcedureStepSequence', '1C', { condition: { text: 'Required if a Modality Performed Procedure Step SOP Instance was generated' } }),
  attr('PresentationIntentType', '1'),
]);

/** General Anatomy Required Macro (Table 10-6): the region sequence is Type 2. */
export const dxAnatomyImaged = module('DXAnatomyImaged', 'C.8.11.2', [attr('ImageLaterality', '1'), attr('AnatomicRegionSequence', '2', { items: CODE_ITEM })]);

export const dxImage = module('DXImage', 'C.8.11.3', [
  attr('ImageType', '1'),
  attr('SamplesPerPixel', '1'),
  attr('PhotometricInterpretation', '1'),
  attr('BitsAllocated', '1'),
  attr('BitsStored', '1'),
  attr('HighBit', '1'),
  attr('PixelRepresentation', '1'),
  attr('PixelIntensityRelationship', '1'),
  attr('PixelIntensityRelationshipSign', '1'),
  attr('RescaleIntercept', '1'),
  attr('RescaleSlope', '1'),
  attr('RescaleType', '1'),
  attr('PresentationLUTShape', '1'),
  attr('LossyImageCompression', '1'),
  attr('PatientOrientation', '1C', { condition: { text: 'Required if the image is intended for presentation and the orientation is known' } }),
  attr('BurnedInAnnotation', '1'),
  attr('WindowCenter', '1C', {
    condition: {
      text: 'Required if Presentation Intent Type is FOR PRESENTATION and VOI LUT Sequence is absent',
      holds: ({ root }) => String(root['00080068']?.Value?.[0] ?? '').trim() === 'FOR PRESENTATION' && root['00283010'] === undefined,
    },
  }),
]);

export const dxDetector = module('DXDetector', 'C.8.11.4', [attr('DetectorType', '2'), attr('ImagerPixelSpacing', '1')]);

export const dxPositioning = module('DXPositioning', 'C.8.11.5', [
  attr('PositionerType', '2'),
  attr('ViewCodeSequence', '3', { items: CODE_ITEM }),
]);

export const mammographySeries = module('MammographySeries', 'C.8.11.6', [attr('Modality', '1')]);

/** General Anatomy Mandatory Macro (Table 10-5): the region sequence is Type 1. */
export const mammographyImage = module('MammographyImage', 'C.8.11.7', [
  attr('ImageType', '1'),
  attr('PositionerType', '1'),
  attr('ImageLaterality', '1'),
  attr('OrganExposed', '1'),
  attr('AnatomicRegionSequence', '1', { items: CODE_ITEM }),
  attr('ViewCodeSequence', '1', { items: [...CODE_ITEM, attr('ViewModifierCodeSequence', '2', { items: CODE_ITEM })] }),
]);

export const acquisitionContext = module('AcquisitionContext', 'C.7.6.14', [attr('AcquisitionContextSequence', '2')]);
