/** Patient, study, series, frame of reference, equipment and SOP Common modules (PS3.3 C.7, C.12). */
import { lateralityRequired } from './laterality.ts';
import { attr, CODE_ITEM, has, HIERARCHIC_DESIGNATOR_ITEM, module, not } from './module.ts';

const CT_MR_STORAGE = new Set(['1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.5.1.4.1.1.4']);

export const patient = module('Patient', 'C.7.1.1', [
  attr('PatientName', '2'),
  attr('PatientID', '2'),
  attr('IssuerOfPatientIDQualifiersSequence', '3', { items: [attr('UniversalEntityIDType', '1C', { condition: { text: 'Required if Universal Entity ID is present', holds: has('UniversalEntityID') } })] }),
  attr('PatientBirthDate', '2'),
  attr('PatientSex', '2'),
  attr('OtherPatientIDsSequence', '3', { items: [attr('PatientID', '1'), attr('TypeOfPatientID', '1')] }),
]);

export const generalStudy = module('GeneralStudy', 'C.7.2.1', [
  attr('StudyInstanceUID', '1'),
  attr('StudyDate', '2'),
  attr('StudyTime', '2'),
  attr('ReferringPhysicianName', '2'),
  attr('StudyID', '2'),
  attr('AccessionNumber', '2'),
  attr('IssuerOfAccessionNumberSequence', '3', { items: HIERARCHIC_DESIGNATOR_ITEM }),
  attr('ProcedureCodeSequence', '3', { items: CODE_ITEM }),
]);

/** Every attribute Type 3 but for non-human subjects; listed so the module has a table. */
export const patientStudy = module('PatientStudy', 'C.7.2.2', [attr('AdmittingDiagnosesCodeSequence', '3', { items: CODE_ITEM })]);

export const generalSeries = module('GeneralSeries', 'C.7.3.1', [
  attr('Modality', '1'),
  attr('SeriesInstanceUID', '1'),
  attr('SeriesNumber', '2'),
  attr('Laterality', '2C', { condition: { text: 'Required if the body part examined is paired and Image Laterality or Frame Laterality is not sent', holds: lateralityRequired } }),
  attr('PatientPosition', '2C', {
    condition: {
      text: 'Required for CT and MR images where Patient Orientation Code Sequence is absent',
      holds: (s) => CT_MR_STORAGE.has(s.sopClassUid) && not(has('PatientOrientationCodeSequence'))(s),
    },
  }),
  attr('ReferencedPerformedProcedureStepSequence', '3', { items: [attr('ReferencedSOPClassUID', '1'), attr('ReferencedSOPInstanceUID', '1')] }),
]);

/**
 * What every composite IOD's series module has, whatever it is called (General, RT, SR Document,
 * Encapsulated Document, Presentation Series…): checked when the SOP Class has no IOD table here.
 * Series Number is Type 2 in most and Type 1 in some; 2 is what all of them demand.
 */
export const compositeSeries = module('GeneralSeries', 'C.7.3.1', [attr('Modality', '1'), attr('SeriesInstanceUID', '1'), attr('SeriesNumber', '2')]);

export const frameOfReference = module('FrameOfReference', 'C.7.4.1', [attr('FrameOfReferenceUID', '1'), attr('PositionReferenceIndicator', '2')]);

export const generalEquipment = module('GeneralEquipment', 'C.7.5.1', [attr('Manufacturer', '2')]);

export const enhancedGeneralEquipment = module('EnhancedGeneralEquipment', 'C.7.5.2', [
  attr('Manufacturer', '1'),
  attr('ManufacturerModelName', '1'),
  attr('DeviceSerialNumber', '1'),
  attr('SoftwareVersions', '1'),
]);

export const sopCommon = module('SOPCommon', 'C.12.1', [
  attr('SOPClassUID', '1'),
  attr('SOPInstanceUID', '1'),
  attr('SpecificCharacterSet', '1C', { condition: { text: 'Required if an expanded or replacement character set is used' } }),
]);
