import { describe, expect, it } from 'vitest';
import { parseXmlSafely } from '../../soap/safe-xml.ts';
import { attr, element } from '../../soap/xml-tree.ts';
import { el, serializeXml } from '../../soap/xml-write.ts';
import { copyElement } from './xml-copy.ts';

const parse = (xml: string) => parseXmlSafely(Buffer.from(xml), { maxXmlBytes: 1 << 20, maxDepth: 32 });

describe('copyElement', () => {
  it('keeps the meaning of prefixes the sender chose, when placed inside another document', () => {
    const source = parse('<a:Root xmlns:a="urn:a" xmlns="urn:d" a:x="1" y="2"><Child xmlns:b="urn:b" b:z="3">t &amp; u</Child></a:Root>');
    const wrapped = serializeXml(el('a:Outer', { 'xmlns:a': 'urn:other' }, copyElement(source, { setAttrs: { y: undefined, home: 'h' } })));
    const back = parse(wrapped);
    const root = element(back, 'urn:a', 'Root')!;
    expect(root).toBeDefined();
    expect(attr(root, 'x', 'urn:a')).toBe('1');
    expect(attr(root, 'y')).toBeUndefined();
    expect(attr(root, 'home')).toBe('h');
    const child = element(root, 'urn:d', 'Child')!;
    expect(attr(child, 'z', 'urn:b')).toBe('3');
    expect(child.children).toEqual(['t & u']);
  });

  it('lets a descendant be replaced', () => {
    const source = parse('<r xmlns="urn:r"><keep/><swap/></r>');
    const out = serializeXml(copyElement(source, { rewrite: (e) => (e.local === 'swap' ? el('n:new', { 'xmlns:n': 'urn:n' }) : undefined) }));
    expect(out).toBe('<r xmlns="urn:r"><keep/><n:new xmlns:n="urn:n"/></r>');
  });
});
