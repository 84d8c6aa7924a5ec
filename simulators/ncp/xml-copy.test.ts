import { describe, expect, it } from 'vitest';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import { attr, element } from '../soap/xml-tree.ts';
import { el, serializeXml } from '../soap/xml-write.ts';
import { copyXml, sibling } from './xml-copy.ts';

const parse = (xml: string) => parseXmlSafely(Buffer.from(xml), { maxXmlBytes: 1 << 20, maxDepth: 32 });

describe('copyXml', () => {
  const xml = '<a:root xmlns:a="urn:a" xmlns="urn:d"><a:item xmlns:b="urn:b" id="1" b:x="y">t&amp;u</a:item><plain/><a:gone/></a:root>';

  it('re-emits the same infoset, namespaces and escaping included', () => {
    const out = serializeXml(copyXml(parseXmlSafely(xml)));
    expect(out).toBe(xml);
  });

  it('applies attribute overrides, drops and prepends', () => {
    const root = parseXmlSafely(xml);
    const out = serializeXml(
      copyXml(root, {
        attrs: (e) => (e.local === 'item' ? { home: 'urn:oid:1.2' } : undefined),
        drop: (e) => e.local === 'gone',
        prepend: (e) => (e.local === 'root' ? [{ name: sibling(e, 'first'), children: ['1'] }] : []),
      }),
    );
    expect(out).toBe('<a:root xmlns:a="urn:a" xmlns="urn:d"><a:first>1</a:first><a:item xmlns:b="urn:b" id="1" b:x="y" home="urn:oid:1.2">t&amp;u</a:item><plain/></a:root>');
  });

  it('declares a subtree copied alone with everything in scope', () => {
    const item = parseXmlSafely(xml).children[0];
    if (typeof item === 'string' || item === undefined) throw new Error('no item');
    const out = serializeXml(copyXml(item));
    expect(parseXmlSafely(out).ns).toBe('urn:a');
    expect(out).toContain('xmlns:b="urn:b"');
  });

  it('keeps the meaning of prefixes the sender chose, when placed inside another document; undefined removes an attribute', () => {
    const source = parse('<a:Root xmlns:a="urn:a" xmlns="urn:d" a:x="1" y="2"><Child xmlns:b="urn:b" b:z="3">t &amp; u</Child></a:Root>');
    const copied = copyXml(source, { attrs: (e) => (e === source ? { y: undefined, home: 'h' } : undefined) });
    const back = parse(serializeXml(el('a:Outer', { 'xmlns:a': 'urn:other' }, copied)));
    const root = element(back, 'urn:a', 'Root')!;
    expect(root).toBeDefined();
    expect(attr(root, 'x', 'urn:a')).toBe('1');
    expect(attr(root, 'y')).toBeUndefined();
    expect(attr(root, 'home')).toBe('h');
    const child = element(root, 'urn:d', 'Child')!;
    expect(attr(child, 'z', 'urn:b')).toBe('3');
    expect(child.children).toEqual(['t & u']);
  });

  it('declares only the bindings a subtree copied alone uses, not the whole envelope\'s', () => {
    const envelope = parse('<env:Envelope xmlns:env="urn:env" xmlns:wsse="urn:wsse" xmlns:rim="urn:rim" xmlns:xsi="urn:xsi"><env:Body><rim:Object xsi:type="rim:T"><rim:Slot/></rim:Object></env:Body></env:Envelope>');
    const object = element(element(envelope, 'urn:env', 'Body')!, 'urn:rim', 'Object')!;
    const out = serializeXml(copyXml(object));
    expect(out).toBe('<rim:Object xmlns:rim="urn:rim" xmlns:xsi="urn:xsi" xsi:type="rim:T"><rim:Slot/></rim:Object>');
  });

  it('lets a descendant be replaced', () => {
    const source = parse('<r xmlns="urn:r"><keep/><swap/></r>');
    const out = serializeXml(copyXml(source, { rewrite: (e) => (e.local === 'swap' ? el('n:new', { 'xmlns:n': 'urn:n' }) : undefined) }));
    expect(out).toBe('<r xmlns="urn:r"><keep/><n:new xmlns:n="urn:n"/></r>');
  });
});
