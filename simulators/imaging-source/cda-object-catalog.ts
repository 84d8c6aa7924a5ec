/**
 * DICOM Object Catalog section (DCM 121181; C-CDA DIR 2.16.840.1.113883.10.20.6.1.1, PS3.20 Study
 * Act / Series Act / SOP Instance Observation): every instance the report is about, by study,
 * series and SOP instance UID, so a reader can fetch the images the report describes.
 */
import { el, type XmlOut } from '../soap/xml-write.ts';
import { CODING_SCHEME } from './document-entry.ts';
import { CDA_TEMPLATE } from './cda-sections.ts';
import { codeElement, dcm, ii } from './cda-values.ts';
import type { SourceSeries, SourceStudy } from './manifest-input.ts';
import { modalityCode } from './xds-codes.ts';

const STUDY = dcm('113014', 'Study');
const SERIES = dcm('113015', 'Series');
const MODALITY = dcm('121139', 'Modality');

function seriesAct(series: SourceSeries): XmlOut {
  const modality = modalityCode(series.modality);
  const qualifier = el('qualifier', undefined,
    codeElement('name', MODALITY),
    el('value', { code: series.modality, codeSystem: CODING_SCHEME.DCM, codeSystemName: 'DCM', displayName: modality?.displayName ?? series.modality }));
  return el('act', { classCode: 'ACT', moodCode: 'EVN' },
    el('templateId', { root: CDA_TEMPLATE.seriesAct }),
    ii(series.seriesInstanceUid),
    codeElement('code', SERIES, [], [qualifier]),
    series.instances.map((i) => el('entryRelationship', { typeCode: 'COMP' },
      el('observation', { classCode: 'DGIMG', moodCode: 'EVN' },
        el('templateId', { root: CDA_TEMPLATE.sopInstanceObservation }),
        ii(i.sopInstanceUid),
        el('code', { code: i.sopClassUid, codeSystem: CODING_SCHEME.DICOM_UID_REGISTRY, codeSystemName: 'DCMUID' })))));
}

/** The catalog section; by DIR convention it is the first section of the body. */
export function objectCatalogComponent(study: SourceStudy, title: string): XmlOut {
  const studyAct = el('act', { classCode: 'ACT', moodCode: 'EVN' },
    el('templateId', { root: CDA_TEMPLATE.studyAct }),
    ii(study.studyInstanceUid),
    codeElement('code', STUDY),
    study.series.map((s) => el('entryRelationship', { typeCode: 'COMP' }, seriesAct(s))));
  return el('component', undefined, el('section', undefined,
    el('templateId', { root: CDA_TEMPLATE.dicomObjectCatalog }),
    codeElement('code', dcm('121181', 'DICOM Object Catalog')),
    el('title', undefined, title),
    el('entry', undefined, studyAct)));
}
