/**
 * The ebRIM 3.0 objects XDS metadata is made of (OASIS regrep-rim-3.0 §2–4): ExtrinsicObject
 * (DocumentEntry), RegistryPackage (SubmissionSet, Folder), Association and Classification, each
 * with Slots, Name, Description, nested Classifications and ExternalIdentifiers. Read from XML
 * here, written by ebrim-write.ts; the store keeps them as JSON in this shape.
 */
import { NS } from '../soap/namespaces.ts';
import { attr, element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';

export interface LocalizedString {
  readonly value: string;
  readonly lang?: string;
  readonly charset?: string;
}

export interface Slot {
  readonly name: string;
  readonly values: readonly string[];
}

export interface Common {
  id: string;
  lid?: string;
  objectType?: string;
  status?: string;
  home?: string;
  name?: readonly LocalizedString[];
  description?: readonly LocalizedString[];
  slots: Slot[];
}

export interface Classification extends Common {
  readonly type: 'Classification';
  classifiedObject: string;
  classificationScheme?: string;
  classificationNode?: string;
  nodeRepresentation?: string;
}

export interface ExternalIdentifier extends Common {
  readonly type: 'ExternalIdentifier';
  registryObject: string;
  identificationScheme: string;
  value: string;
}

export interface Classified extends Common {
  classifications: Classification[];
  externalIdentifiers: ExternalIdentifier[];
}

export interface ExtrinsicObject extends Classified {
  readonly type: 'ExtrinsicObject';
  mimeType?: string;
  isOpaque?: string;
}

export interface RegistryPackage extends Classified {
  readonly type: 'RegistryPackage';
}

export interface Association extends Classified {
  readonly type: 'Association';
  associationType: string;
  sourceObject: string;
  targetObject: string;
}

export type RimObject = ExtrinsicObject | RegistryPackage | Association | Classification;

export class RimReadError extends Error {
  constructor(
    message: string,
    readonly location?: string,
  ) {
    super(message);
  }
}

/** Reads the children of a rim:RegistryObjectList. ObjectRefs are skipped (they only name objects). */
export function readRegistryObjectList(list: XmlElement): RimObject[] {
  const out: RimObject[] = [];
  for (const child of elements(list)) {
    if (child.ns !== NS.rim) throw new RimReadError(`unexpected element {${child.ns}}${child.local} in RegistryObjectList`);
    switch (child.local) {
      case 'ExtrinsicObject': {
        const mimeType = attr(child, 'mimeType');
        const isOpaque = attr(child, 'isOpaque');
        out.push({ type: 'ExtrinsicObject', ...classified(child), ...(mimeType !== undefined && { mimeType }), ...(isOpaque !== undefined && { isOpaque }) });
        break;
      }
      case 'RegistryPackage':
        out.push({ type: 'RegistryPackage', ...classified(child) });
        break;
      case 'Association':
        out.push({
          type: 'Association',
          ...classified(child),
          associationType: required(child, 'associationType'),
          sourceObject: required(child, 'sourceObject'),
          targetObject: required(child, 'targetObject'),
        });
        break;
      case 'Classification':
        out.push(classification(child, undefined));
        break;
      case 'ObjectRef':
        break;
      default:
        throw new RimReadError(`rim:${child.local} is not supported in an XDS submission`, attr(child, 'id'));
    }
  }
  return out;
}

function required(el: XmlElement, name: string): string {
  const v = attr(el, name);
  if (v === undefined || v === '') throw new RimReadError(`rim:${el.local} without ${name}`, attr(el, 'id'));
  return v;
}

function common(el: XmlElement): Common {
  const id = required(el, 'id');
  const c: Common = { id, slots: elements(el, NS.rim, 'Slot').map(readSlot) };
  for (const key of ['lid', 'objectType', 'status', 'home'] as const) {
    const v = attr(el, key);
    if (v !== undefined) c[key] = v;
  }
  const name = element(el, NS.rim, 'Name');
  if (name) c.name = localized(name);
  const description = element(el, NS.rim, 'Description');
  if (description) c.description = localized(description);
  return c;
}

function classified(el: XmlElement): Classified {
  const c = common(el);
  return {
    ...c,
    classifications: elements(el, NS.rim, 'Classification').map((x) => classification(x, c.id)),
    externalIdentifiers: elements(el, NS.rim, 'ExternalIdentifier').map((x) => ({
      type: 'ExternalIdentifier' as const,
      ...common(x),
      registryObject: attr(x, 'registryObject') ?? c.id,
      identificationScheme: required(x, 'identificationScheme'),
      value: required(x, 'value'),
    })),
  };
}

function classification(el: XmlElement, parentId: string | undefined): Classification {
  const c: Classification = { type: 'Classification', ...common(el), classifiedObject: attr(el, 'classifiedObject') ?? parentId ?? '' };
  if (!c.classifiedObject) throw new RimReadError('rim:Classification without classifiedObject', c.id);
  for (const key of ['classificationScheme', 'classificationNode', 'nodeRepresentation'] as const) {
    const v = attr(el, key);
    if (v !== undefined) c[key] = v;
  }
  return c;
}

function readSlot(el: XmlElement): Slot {
  const list = element(el, NS.rim, 'ValueList');
  return { name: required(el, 'name'), values: list ? elements(list, NS.rim, 'Value').map((v) => textOf(v)) : [] };
}

function localized(el: XmlElement): LocalizedString[] {
  return elements(el, NS.rim, 'LocalizedString').map((s) => {
    const lang = attr(s, 'lang', NS.xml);
    const charset = attr(s, 'charset');
    return { value: attr(s, 'value') ?? '', ...(lang !== undefined && { lang }), ...(charset !== undefined && { charset }) };
  });
}
