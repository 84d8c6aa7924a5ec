/**
 * XML parsing for messages from untrusted peers. Refuses, with a typed `XmlRefusal` and never a
 * crash or a hang: documents over a size limit, any DOCTYPE or ENTITY declaration (XXE, billion
 * laughs), undeclared entities, ill-formed markup, undeclared namespace prefixes, invalid UTF-8,
 * more than one root element, and nesting beyond a depth limit.
 *
 * fast-xml-parser does the tokenising with entity processing off; the five XML entities and
 * character references are decoded here, so no entity can expand into anything else.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { NS } from './namespaces.ts';
import type { XmlAttr, XmlElement, XmlNode } from './xml-tree.ts';

export type XmlRefusalKind = 'too-large' | 'doctype' | 'malformed' | 'encoding' | 'namespace' | 'too-deep';

export class XmlRefusal extends Error {
  constructor(
    readonly kind: XmlRefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'XmlRefusal';
  }
}

export interface XmlLimits {
  /** Largest XML document accepted, in bytes (UTF-8). */
  readonly maxXmlBytes: number;
  /** Deepest element nesting accepted. */
  readonly maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxXmlBytes: 8 * 1024 * 1024, maxDepth: 64 };

const DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
const CDATA = '#cdata';
const TEXT = '#text';
const ATTRS = ':@';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  allowBooleanAttributes: false,
  cdataPropName: CDATA,
  commentPropName: false,
  maxNestedTags: 1000,
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses an XML document into a namespace-resolved tree, or throws `XmlRefusal`. */
export function parseXmlSafely(input: string | Uint8Array, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > limits.maxXmlBytes) throw new XmlRefusal('too-large', `XML of ${size} bytes exceeds the limit of ${limits.maxXmlBytes} bytes`);
  let text: string;
  try {
    text = typeof input === 'string' ? input : utf8.decode(input);
  } catch {
    throw new XmlRefusal('encoding', 'XML is not valid UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const declaration = DECLARATION.exec(text);
  if (declaration) throw new XmlRefusal('doctype', `${declaration[1]!.toUpperCase()} declarations are not accepted (DTDs and entities are refused)`);
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) throw new XmlRefusal('malformed', `XML is not well-formed: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col ?? '?'})`);
  let raw: unknown[];
  try {
    raw = parser.parse(text) as unknown[];
  } catch (err) {
    throw new XmlRefusal('malformed', `XML is not well-formed: ${(err as Error).message}`);
  }
  const roots = raw.filter((n) => elementName(n) !== undefined);
  if (roots.length !== 1) throw new XmlRefusal('malformed', `XML must have exactly one root element, found ${roots.length}`);
  if (raw.some((n) => elementName(n) === undefined && textValue(n).trim() !== '')) throw new XmlRefusal('malformed', 'text outside the root element');
  return build(roots[0], new Map([['xml', NS.xml]]), 1, limits.maxDepth);
}

type RawNode = Record<string, unknown>;

function elementName(node: unknown): string | undefined {
  return Object.keys(node as RawNode).find((k) => k !== ATTRS && k !== TEXT && k !== CDATA);
}

function textValue(node: unknown): string {
  const n = node as RawNode;
  if (TEXT in n) return decodeEntities(String(n[TEXT]));
  if (CDATA in n) return ((n[CDATA] as RawNode[]) ?? []).map((c) => String(c[TEXT] ?? '')).join('');
  return '';
}

function build(node: unknown, parentScope: ReadonlyMap<string, string>, depth: number, maxDepth: number): XmlElement {
  if (depth > maxDepth) throw new XmlRefusal('too-deep', `elements nested deeper than ${maxDepth}`);
  const n = node as RawNode;
  const qname = elementName(n)!;
  const rawAttrs = (n[ATTRS] ?? {}) as Record<string, string>;
  let scope = parentScope;
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (scope === parentScope) scope = new Map(parentScope);
    (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), decodeEntities(value));
  }
  const { prefix, local } = split(qname);
  const ns = lookup(scope, prefix, qname, true);
  const attrs: XmlAttr[] = [];
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const a = split(name);
    attrs.push({ ns: a.prefix ? lookup(scope, a.prefix, name, false) : '', local: a.local, prefix: a.prefix, value: decodeEntities(value) });
  }
  const children: XmlNode[] = [];
  for (const child of (n[qname] ?? []) as unknown[]) {
    if (elementName(child) !== undefined) children.push(build(child, scope, depth + 1, maxDepth));
    else {
      const t = textValue(child);
      if (t === '') continue;
      const last = children.length - 1;
      if (typeof children[last] === 'string') children[last] += t;
      else children.push(t);
    }
  }
  return { ns, local, prefix, attrs, children, scope };
}

function split(qname: string): { prefix: string; local: string } {
  const i = qname.indexOf(':');
  return i < 0 ? { prefix: '', local: qname } : { prefix: qname.slice(0, i), local: qname.slice(i + 1) };
}

function lookup(scope: ReadonlyMap<string, string>, prefix: string, qname: string, isElement: boolean): string {
  const ns = scope.get(prefix);
  if (ns !== undefined) return ns;
  if (prefix === '' && isElement) return '';
  throw new XmlRefusal('namespace', `namespace prefix "${prefix}" of "${qname}" is not declared`);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new XmlRefusal('malformed', `unterminated entity reference "${whole}"`);
    if (body in NAMED) return NAMED[body]!;
    const m = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(body);
    if (!m) throw new XmlRefusal('malformed', `undeclared entity "&${body};"`);
    const code = m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10);
    if (!isXmlChar(code)) throw new XmlRefusal('malformed', `character reference "&${body};" is not an XML character`);
    return String.fromCodePoint(code);
  });
}

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}
