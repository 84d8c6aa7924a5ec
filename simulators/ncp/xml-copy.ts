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

/**
 * Copies `e`; with the default `parentScope` the copy stands alone: it declares the bindings in
 * scope that its subtree uses (not every binding of the envelope it came in, which would repeat
 * the SOAP and WS-Security namespaces on every registry object of a merged answer).
 */
export function copyXml(e: XmlElement, edits: CopyEdits = {}, parentScope: ReadonlyMap<string, string> = NO_SCOPE): XmlOut {
  const attrs: Record<string, string> = {};
  const used = parentScope === NO_SCOPE ? usedPrefixes(e) : undefined;
  for (const [prefix, uri] of e.scope) {
    if (prefix === 'xml' || uri === NS.xml || parentScope.get(prefix) === uri) continue;
    if (used && !used.has(prefix)) continue;
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

/**
 * Prefixes the subtree needs: those of its element and attribute names, plus any in-scope prefix
 * that appears as `prefix:` in an attribute value or text (QName content such as xsi:type values).
 */
function usedPrefixes(root: XmlElement): Set<string> {
  const used = new Set<string>();
  const inScope = [...root.scope.keys()].filter((p) => p !== '' && p !== 'xml');
  const scan = (text: string): void => {
    for (const p of inScope) if (!used.has(p) && text.includes(`${p}:`)) used.add(p);
  };
  const visit = (e: XmlElement): void => {
    used.add(e.prefix);
    for (const a of e.attrs) {
      if (a.prefix) used.add(a.prefix);
      scan(a.value);
    }
    for (const c of e.children) {
      if (typeof c === 'string') scan(c);
      else visit(c);
    }
  };
  visit(root);
  return used;
}

/** The qualified name for `local` in the namespace of `e`, using `e`'s own prefix. */
export function sibling(e: XmlElement, local: string): string {
  return e.prefix ? `${e.prefix}:${local}` : local;
}
