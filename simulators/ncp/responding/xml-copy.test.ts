import { describe, expect, it } from 'vitest';
import { parseXmlSafely } from '../../soap/safe-xml.ts';
import { serializeXml } from '../../soap/xml-write.ts';
import { copyXml, sibling } from './xml-copy.ts';

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
});
