/**
 * A namespace-resolved XML tree: what `parseXmlSafely` returns. Elements and attributes carry
 * their namespace URI, so code matches `(NS.rim, 'Slot')` whatever prefix the sender chose.
 */
import { NS } from './namespaces.ts';

export interface XmlAttr {
  readonly ns: string;
  readonly local: string;
  readonly prefix: string;
  readonly value: string;
}

export interface XmlElement {
  readonly ns: string;
  readonly local: string;
  readonly prefix: string;
  readonly attrs: readonly XmlAttr[];
  readonly children: readonly XmlNode[];
  /** Prefix → namespace URI in scope at this element ('' is the default namespace). */
  readonly scope: ReadonlyMap<string, string>;
}

export type XmlNode = XmlElement | string;

export function isElement(node: XmlNode | undefined): node is XmlElement {
  return typeof node === 'object';
}

export function elements(parent: XmlElement, ns?: string, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of parent.children) {
    if (typeof c === 'string') continue;
    if (ns !== undefined && c.ns !== ns) continue;
    if (local !== undefined && c.local !== local) continue;
    out.push(c);
  }
  return out;
}

export function element(parent: XmlElement, ns: string, local: string): XmlElement | undefined {
  return elements(parent, ns, local)[0];
}

/** Concatenated text of the element and its descendants. */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  let s = '';
  for (const c of el.children) s += typeof c === 'string' ? c : textOf(c);
  return s;
}

/** An unqualified attribute (ns '') or a qualified one. */
export function attr(el: XmlElement, local: string, ns = ''): string | undefined {
  return el.attrs.find((a) => a.local === local && a.ns === ns)?.value;
}

/** Resolves a QName-valued text (e.g. `env:Sender`) against the element's scope. */
export function resolveQName(el: XmlElement, qname: string): { ns: string; local: string } | undefined {
  const trimmed = qname.trim();
  const i = trimmed.indexOf(':');
  const prefix = i < 0 ? '' : trimmed.slice(0, i);
  const ns = el.scope.get(prefix);
  if (ns === undefined && prefix !== '') return undefined;
  return { ns: ns ?? '', local: i < 0 ? trimmed : trimmed.slice(i + 1) };
}

export function qnameText(el: XmlElement): string {
  return el.prefix ? `${el.prefix}:${el.local}` : el.local;
}

/** The `{ns}local` form used in messages about unexpected elements. */
export function clark(el: Pick<XmlElement, 'ns' | 'local'>): string {
  return el.ns ? `{${el.ns}}${el.local}` : el.local;
}

export const XML_NS = NS.xml;
