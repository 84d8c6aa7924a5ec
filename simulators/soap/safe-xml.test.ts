import { describe, expect, it } from 'vitest';
import { parseXmlSafely, XmlRefusal } from './safe-xml.ts';
import { attr, element, elements, textOf } from './xml-tree.ts';
import { el, serializeXml } from './xml-write.ts';

function refusal(input: string, limits = { maxXmlBytes: 1_000_000, maxDepth: 64 }): XmlRefusal {
  try {
    parseXmlSafely(input, limits);
  } catch (err) {
    if (err instanceof XmlRefusal) return err;
    throw err;
  }
  throw new Error('parsed');
}

describe('parseXmlSafely', () => {
  it('resolves namespaces whatever the prefixes', () => {
    const root = parseXmlSafely('<?xml version="1.0"?><a:r xmlns:a="urn:a" xmlns="urn:d"><b x="1" a:y="2"/><a:c>t</a:c></a:r>');
    expect([root.ns, root.local, root.prefix]).toEqual(['urn:a', 'r', 'a']);
    const b = element(root, 'urn:d', 'b')!;
    expect([attr(b, 'x'), attr(b, 'y', 'urn:a')]).toEqual(['1', '2']);
    expect(textOf(element(root, 'urn:a', 'c'))).toBe('t');
  });

  it('decodes the XML entities and character references, keeps CDATA literal', () => {
    const root = parseXmlSafely('<r v="a&amp;b&quot;">&lt;&#65;&#x42;&gt;<![CDATA[&amp;<x>]]></r>');
    expect(attr(root, 'v')).toBe('a&b"');
    expect(textOf(root)).toBe('<AB>&amp;<x>');
  });

  it('round-trips what the writer escapes', () => {
    const text = 'a < b & c > "d" \'e\'\n\ttab é 中';
    const root = parseXmlSafely(serializeXml(el('r', { v: text }, text)));
    expect([attr(root, 'v'), textOf(root)]).toEqual([text, text]);
  });

  it('refuses DOCTYPE and ENTITY declarations (XXE, billion laughs)', () => {
    expect(refusal('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>').kind).toBe('doctype');
    expect(refusal('<!DOCTYPE r SYSTEM "http://attacker.example/x.dtd"><r/>').kind).toBe('doctype');
    const lol = '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><l>&b;</l>';
    expect(refusal(lol).kind).toBe('doctype');
  });

  it('refuses undeclared entities, ill-formed markup, several roots, undeclared prefixes', () => {
    expect(refusal('<r>&nbsp;</r>').kind).toBe('malformed');
    expect(refusal('<r><a></r>').kind).toBe('malformed');
    expect(refusal('<r/><s/>').kind).toBe('malformed');
    expect(refusal('<p:r/>').kind).toBe('namespace');
    expect(refusal('<r>&#0;</r>').kind).toBe('malformed');
    expect(refusal('').kind).toBe('malformed');
  });

  it('refuses documents over the size limit and nesting over the depth limit', () => {
    expect(refusal(`<r>${'x'.repeat(200)}</r>`, { maxXmlBytes: 100, maxDepth: 64 }).kind).toBe('too-large');
    expect(refusal('<a><a><a><a/></a></a></a>', { maxXmlBytes: 1000, maxDepth: 3 }).kind).toBe('too-deep');
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(refusal(Buffer.from([0x3c, 0x72, 0x3e, 0xff, 0x3c, 0x2f, 0x72, 0x3e]) as never).kind).toBe('encoding');
  });

  it('keeps element order and mixed text', () => {
    const root = parseXmlSafely('<r>a<x/>b<y/>c</r>');
    expect(root.children.map((c) => (typeof c === 'string' ? c : c.local))).toEqual(['a', 'x', 'b', 'y', 'c']);
    expect(elements(root).map((e) => e.local)).toEqual(['x', 'y']);
  });
});
