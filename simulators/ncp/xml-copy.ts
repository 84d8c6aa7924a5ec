/**
 * Re-emits a parsed (received) element as an `XmlOut`, so a gateway can forward or merge what a
 * peer sent without re-modelling it: registry objects keep every Slot, Classification and
 * attribute they came with. Prefixes are kept as the sender wrote them, and each element declares
 * the namespace bindings that enter scope there, so the copy means the same wherever it is placed.
 * Both NCP gateways use it, with the few edits XCA and XCPD require (a `home` attribute, a
 * HomeCommunityId, an element left out or replaced).
 */
import { NS } from '../soap/namespaces.ts';
import type { XmlElement } from '../soap/xml-tree.ts';
import type { XmlChild, XmlOut } from '../soap/xml-write.ts';

export interface CopyEdits {
  /** Attributes to set (or override) on an element, by qualified name as written; `undefined` removes one. */
  attrs?(e: XmlElement): Readonly<Record<string, string | undefined>> | undefined;
  /** Leave this element (and its subtree) out. */
  drop?(e: XmlElement): boolean;
  /** Children to insert first, e.g. a HomeCommunityId. Names must use prefixes in scope at `e`. */
  prepend?(e: XmlElement): readonly XmlOut[];
  /** Replaces a descendant's copy: return `undefined` to copy it as it is. */
  rewrite?(e: XmlElement): XmlOut | undefined;
}

const NO_SCOPE: ReadonlyMap<string, string> = new Map([['xml', NS.xml]]);

/** Copies `e`; with the default `parentScope` the copy stands alone (it declares every binding in scope). */
export function copyXml(e: XmlElement, edits: CopyEdits = {}, parentScope: ReadonlyMap<string, string> = NO_SCOPE): XmlOut {
  const attrs: Record<string, string> = {};
  for (const [prefix, uri] of e.scope) {
    if (prefix === 'xml' || uri === NS.xml || parentScope.get(prefix) === uri) continue;
    attrs[prefix === '' ? 'xmlns' : `xmlns:${prefix}`] = uri;
  }
  for (const a of e.attrs) attrs[a.prefix ? `${a.prefix}:${a.local}` : a.local] = a.value;
  for (const [name, value] of Object.entries(edits.attrs?.(e) ?? {})) {
    if (value === undefined) delete attrs[name];
    else attrs[name] = value;
  }
  const children: XmlChild[] = [...(edits.prepend?.(e) ?? [])];
  for (const c of e.children) {
    if (typeof c === 'string') children.push(c);
    else if (!edits.drop?.(c)) children.push(edits.rewrite?.(c) ?? copyXml(c, edits, e.scope));
  }
  return { name: sibling(e, e.local), attrs, children };
}

/** The qualified name for `local` in the namespace of `e`, using `e`'s own prefix. */
export function sibling(e: XmlElement, local: string): string {
  return e.prefix ? `${e.prefix}:${local}` : local;
}
