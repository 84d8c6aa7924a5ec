/**
 * The root content item of a KOS (PS3.16 TID 2010 row 1, PS3.3 C.17.3): a CONTAINER whose items
 * are separate, and the template identified as DCMR 2010 so that a reader knows the tree's shape.
 */
import { items, text } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';

export const contentRootContainer = datasetRule({
  id: 'manifest.content.root',
  title: 'Root content item is a CONTAINER with Continuity Of Content SEPARATE',
  severity: 'error',
  requirements: ['MET-07'],
  specRef: 'DICOM PS3.16 TID 2010; PS3.3 C.17.3',
  *check(ds) {
    const valueType = text(ds.ValueType);
    if (valueType !== 'CONTAINER') yield { path: '(0040,A040)', message: `root Value Type is ${valueType ?? 'absent'}`, expected: 'CONTAINER', actual: valueType ?? '(absent)' };
    const continuity = text(ds.ContinuityOfContent);
    if (continuity !== 'SEPARATE') yield { path: '(0040,A050)', message: `root Continuity Of Content is ${continuity ?? 'absent'}`, expected: 'SEPARATE', actual: continuity ?? '(absent)' };
  },
});

export const contentTemplate2010 = datasetRule({
  id: 'manifest.content.template',
  title: 'Content Template Sequence identifies TID 2010 (DCMR); absent is a warning, another template an error',
  severity: 'error',
  requirements: ['MET-07'],
  specRef: 'DICOM PS3.3 C.18.8 (Content Template Sequence); PS3.16 TID 2010',
  *check(ds) {
    const template = items(ds.ContentTemplateSequence)[0];
    if (!template) {
      yield { path: '(0040,A504)', severity: 'warning', message: 'Content Template Sequence absent: the tree does not say it follows TID 2010', expected: 'DCMR 2010', actual: '(absent)' };
      return;
    }
    const resource = text(template.MappingResource);
    const id = text(template.TemplateIdentifier);
    if (resource !== 'DCMR' || id !== '2010') {
      yield { path: '(0040,A504)[0]', message: `template is ${resource ?? '?'} ${id ?? '?'}`, expected: 'DCMR 2010', actual: `${resource ?? '?'} ${id ?? '?'}` };
    }
  },
});
