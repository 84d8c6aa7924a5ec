/**
 * Copies a received (parsed) element into the writer's `XmlOut` form, so a gateway can forward
 * or merge what a peer sent without re-modelling it: registry objects keep every Slot,
 * Classification and attribute they came with. Namespace declarations are re-emitted wherever the
 * bindings in scope differ from the parent's, so the copy means the same whatever prefixes the
 * sender chose.
 */
import { NS } from '../../soap/namespaces.ts';
import type { XmlElement } from '../../soap/xml-tree.ts';
import type { XmlChild, XmlOut } from '../../soap/xml-write.ts';

export interface CopyOptions {
  /** Attributes to set (or, with `undefined`, remove) on the copied root element. */
  readonly setAttrs?: Readonly<Record<string, string | undefined>>;
  /** Replaces a descendant's copy: return `undefined` to copy it as it is. */
  readonly rewrite?: (element: XmlElement) => XmlOut | undefined;
}

/** A standalone copy: the root declares every namespace binding in its scope. */
export function copyElement(source: XmlElement, options: CopyOptions = {}): XmlOut {
  const copied = copyWithin(source, new Map(), options.rewrite);
  if (!options.setAttrs) return copied;
  const attrs: Record<string, string | number | undefined> = { ...copied.attrs };
  for (const [k, v] of Object.entries(options.setAttrs)) {
    if (v === undefined) delete attrs[k];
    else attrs[k] = v;
  }
  return { ...copied, attrs };
}

function copyWithin(source: XmlElement, parentScope: ReadonlyMap<string, string>, rewrite: CopyOptions['rewrite']): XmlOut {
  const attrs: Record<string, string> = {};
  for (const [prefix, uri] of source.scope) {
    if (prefix === 'xml' || uri === NS.xml) continue;
    if (parentScope.get(prefix) !== uri) attrs[prefix === '' ? 'xmlns' : `xmlns:${prefix}`] = uri;
  }
  for (const a of source.attrs) {
    if (a.ns === NS.xmlns || (a.local === 'xmlns' && a.prefix === '')) continue;
    attrs[a.prefix ? `${a.prefix}:${a.local}` : a.local] = a.value;
  }
  const children: XmlChild[] = source.children.map((c) => {
    if (typeof c === 'string') return c;
    return rewrite?.(c) ?? copyWithin(c, source.scope, rewrite);
  });
  return { name: source.prefix ? `${source.prefix}:${source.local}` : source.local, attrs, children };
}
