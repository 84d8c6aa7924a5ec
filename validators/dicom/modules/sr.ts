/** Structured reporting and Key Object Selection modules (PS3.3 C.17). Content trees are checked at the root only. */
import { attr, CODE_ITEM, has, module, not, SOP_INSTANCE_REFERENCE_ITEM, type AttributeDef } from './module.ts';

const PPS_REFERENCE = attr('ReferencedPerformedProcedureStepSequence', '2', { items: SOP_INSTANCE_REFERENCE_ITEM });

export const srDocumentSeries = module('SRDocumentSeries', 'C.17.1', [attr('Modality', '1'), attr('SeriesInstanceUID', '1'), attr('SeriesNumber', '1'), PPS_REFERENCE]);

export const keyObjectDocumentSeries = module('KeyObjectDocumentSeries', 'C.17.6.1', [attr('Modality', '1'), attr('SeriesInstanceUID', '1'), attr('SeriesNumber', '1'), PPS_REFERENCE]);

/** Hierarchical SOP Instance Reference Macro (Table C.17-3). */
const HIERARCHICAL_REFERENCE_ITEM: readonly AttributeDef[] = [
  attr('StudyInstanceUID', '1'),
  attr('ReferencedSeriesSequence', '1', { items: [attr('SeriesInstanceUID', '1'), attr('ReferencedSOPSequence', '1', { items: SOP_INSTANCE_REFERENCE_ITEM })] }),
];

export const keyObjectDocument = module('KeyObjectDocument', 'C.17.6.2', [
  attr('InstanceNumber', '1'),
  attr('ContentDate', '1'),
  attr('ContentTime', '1'),
  attr('ReferencedRequestSequence', '1C', { condition: { text: 'Required if the Key Object Selection Document is created in response to one or more requests' } }),
  attr('CurrentRequestedProcedureEvidenceSequence', '1', { items: HIERARCHICAL_REFERENCE_ITEM }),
  attr('IdenticalDocumentsSequence', '1C', { condition: { text: 'Required if the document is stored in different studies' }, items: HIERARCHICAL_REFERENCE_ITEM }),
]);

export const srDocumentGeneral = module('SRDocumentGeneral', 'C.17.2', [
  attr('InstanceNumber', '1'),
  attr('CompletionFlag', '1'),
  attr('VerificationFlag', '1'),
  attr('ContentDate', '1'),
  attr('ContentTime', '1'),
  attr('VerifyingObserverSequence', '1C', {
    condition: { text: 'Required if Verification Flag is VERIFIED', holds: ({ root }) => String(root['0040A493']?.Value?.[0] ?? '').trim() === 'VERIFIED' },
    items: [attr('VerifyingObserverName', '1'), attr('VerifyingOrganization', '2'), attr('VerificationDateTime', '1')],
  }),
  attr('PerformedProcedureCodeSequence', '2', { items: CODE_ITEM }),
  attr('CurrentRequestedProcedureEvidenceSequence', '1C', { condition: { text: 'Required if the content tree references instances of the current requested procedure' }, items: HIERARCHICAL_REFERENCE_ITEM }),
  attr('PertinentOtherEvidenceSequence', '1C', { condition: { text: 'Required if other evidence is referenced' }, items: HIERARCHICAL_REFERENCE_ITEM }),
]);

/** Root content item (Table C.17-5 with the Document Content Macro); children checked one level deep. */
export const srDocumentContent = module('SRDocumentContent', 'C.17.3', [
  attr('ValueType', '1'),
  attr('ConceptNameCodeSequence', '1', { items: CODE_ITEM }),
  attr('ContinuityOfContent', '1'),
  attr('ContentTemplateSequence', '1C', { condition: { text: 'Required if a template was used to define the content' }, items: [attr('MappingResource', '1'), attr('TemplateIdentifier', '1')] }),
  attr('ContentSequence', '1C', {
    condition: { text: 'Required if the root content item has children' },
    items: [
      attr('RelationshipType', '1'),
      attr('ValueType', '1C', { condition: { text: 'Required if the item is not a by-reference relationship', holds: not(has('ReferencedContentItemIdentifier')) } }),
      attr('ConceptNameCodeSequence', '1C', { condition: { text: 'Required if Value Type is not IMAGE, COMPOSITE or WAVEFORM' }, items: CODE_ITEM }),
    ],
  }),
]);
