/**
 * Re-emits a parsed element as an `XmlOut`, keeping its prefixes and declaring on each element the
 * namespaces that enter scope there. Gateways use it to pass a peer's answer on (an AdhocQueryResponse,
 * DocumentResponses) with the few edits XCA requires, instead of decoding and rebuilding the metadata.
 */
import { NS } from '../../soap/namespaces.ts';
import type { XmlElement } from '../../soap/xml-tree.ts';
import type { XmlChild, XmlOut } from '../../soap/xml-write.ts';

export interface CopyEdits {
  /** Attributes to set (or override) on an element, by qualified name as written. */
  attrs?(e: XmlElement): Readonly<Record<string, string>> | undefined;
  /** Leave this element (and its subtree) out. */
  drop?(e: XmlElement): boolean;
  /** Children to insert first, e.g. a HomeCommunityId. Names must use prefixes in scope at `e`. */
  prepend?(e: XmlElement): readonly XmlOut[];
}

const NO_SCOPE: ReadonlyMap<string, string> = new Map([['xml', NS.xml]]);

export function copyXml(e: XmlElement, edits: CopyEdits = {}, parentScope: ReadonlyMap<string, string> = NO_SCOPE): XmlOut {
  const attrs: Record<string, string> = {};
  for (const [prefix, uri] of e.scope) {
    if (prefix === 'xml' || parentScope.get(prefix) === uri) continue;
    attrs[prefix === '' ? 'xmlns' : `xmlns:${prefix}`] = uri;
  }
  for (const a of e.attrs) attrs[a.prefix ? `${a.prefix}:${a.local}` : a.local] = a.value;
  Object.assign(attrs, edits.attrs?.(e));
  const children: XmlChild[] = [...(edits.prepend?.(e) ?? [])];
  for (const c of e.children) {
    if (typeof c === 'string') children.push(c);
    else if (!edits.drop?.(c)) children.push(copyXml(c, edits, e.scope));
  }
  return { name: e.prefix ? `${e.prefix}:${e.local}` : e.local, attrs, children };
}

/** The qualified name for `local` in the namespace of `e`, using `e`'s own prefix. */
export function sibling(e: XmlElement, local: string): string {
  return e.prefix ? `${e.prefix}:${local}` : local;
}
