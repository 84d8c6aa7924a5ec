/**
 * A small XML writer. Messages are built as plain `XmlOut` trees with prefixed names; the root
 * declares the namespaces it uses (see `declare()` in namespaces.ts). Text and attribute values
 * are always escaped here, so no builder concatenates markup by hand.
 */

export interface XmlOut {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string | number | undefined>>;
  readonly children?: readonly XmlChild[];
}

/**
 * Markup inserted verbatim: only for XML that must keep its exact bytes, such as a signed SAML
 * assertion (re-serialising it would break its signature). Build it with `rawXml()`.
 */
export interface RawXml {
  readonly raw: string;
}

export type XmlChild = XmlOut | RawXml | string | undefined | false;

export function rawXml(markup: string): RawXml {
  return { raw: markup };
}

export function el(name: string, attrs?: XmlOut['attrs'], ...children: (XmlChild | readonly XmlChild[])[]): XmlOut {
  return { name, ...(attrs && { attrs }), children: children.flat() as XmlChild[] };
}

// Characters XML 1.0 forbids even as references; dropped rather than emitted as ill-formed XML.
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeText(s: string): string {
  return s.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

export function serializeXml(node: XmlOut, options: { declaration?: boolean } = {}): string {
  const parts: string[] = [];
  if (options.declaration) parts.push('<?xml version="1.0" encoding="UTF-8"?>');
  write(node, parts);
  return parts.join('');
}

function write(node: XmlOut, parts: string[]): void {
  parts.push('<', node.name);
  for (const [k, v] of Object.entries(node.attrs ?? {})) {
    if (v === undefined) continue;
    parts.push(' ', k, '="', escapeAttr(String(v)), '"');
  }
  const children = (node.children ?? []).filter((c): c is XmlOut | RawXml | string => c !== undefined && c !== false && c !== '');
  if (children.length === 0) {
    parts.push('/>');
    return;
  }
  parts.push('>');
  for (const c of children) {
    if (typeof c === 'string') parts.push(escapeText(c));
    else if ('raw' in c) parts.push(c.raw);
    else write(c, parts);
  }
  parts.push('</', node.name, '>');
}
