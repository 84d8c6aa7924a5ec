/** Renders ebRIM objects (ebrim-model.ts) as rim: elements, in the child order rim.xsd requires. */
import { el, type XmlChild, type XmlOut } from '../soap/xml-write.ts';
import type { Classification, Common, ExternalIdentifier, LocalizedString, RimObject, Slot } from './ebrim-model.ts';

export function writeRimObject(o: RimObject): XmlOut {
  switch (o.type) {
    case 'ExtrinsicObject':
      return el('rim:ExtrinsicObject', { ...commonAttrs(o), mimeType: o.mimeType, isOpaque: o.isOpaque }, body(o), o.classifications.map(writeClassification), o.externalIdentifiers.map(writeExternalIdentifier));
    case 'RegistryPackage':
      return el('rim:RegistryPackage', commonAttrs(o), body(o), o.classifications.map(writeClassification), o.externalIdentifiers.map(writeExternalIdentifier));
    case 'Association':
      return el(
        'rim:Association',
        { ...commonAttrs(o), associationType: o.associationType, sourceObject: o.sourceObject, targetObject: o.targetObject },
        body(o),
        o.classifications.map(writeClassification),
        o.externalIdentifiers.map(writeExternalIdentifier),
      );
    case 'Classification':
      return writeClassification(o);
  }
}

export function writeObjectRef(id: string, home?: string): XmlOut {
  return el('rim:ObjectRef', { id, home });
}

function writeClassification(c: Classification): XmlOut {
  return el(
    'rim:Classification',
    { ...commonAttrs(c), classificationScheme: c.classificationScheme, classifiedObject: c.classifiedObject, classificationNode: c.classificationNode, nodeRepresentation: c.nodeRepresentation },
    body(c),
  );
}

function writeExternalIdentifier(x: ExternalIdentifier): XmlOut {
  return el('rim:ExternalIdentifier', { ...commonAttrs(x), registryObject: x.registryObject, identificationScheme: x.identificationScheme, value: x.value }, body(x));
}

function commonAttrs(o: Common): Record<string, string | undefined> {
  return { id: o.id, lid: o.lid, objectType: o.objectType, status: o.status, home: o.home };
}

function body(o: Common): XmlChild[] {
  return [...o.slots.map(writeSlot), o.name && o.name.length > 0 && el('rim:Name', undefined, o.name.map(writeLocalized)), o.description && o.description.length > 0 && el('rim:Description', undefined, o.description.map(writeLocalized))];
}

export function writeSlot(s: Slot): XmlOut {
  return el('rim:Slot', { name: s.name }, el('rim:ValueList', undefined, s.values.map((v) => el('rim:Value', undefined, v))));
}

function writeLocalized(s: LocalizedString): XmlOut {
  return el('rim:LocalizedString', { 'xml:lang': s.lang, charset: s.charset, value: s.value });
}
