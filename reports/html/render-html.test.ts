import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, CSS, SCRIPT } from './page.ts';
import { renderHtml } from './render-html.ts';
import { testReport } from './test-report.ts';

describe('renderHtml', () => {
  const html = renderHtml(testReport());

  it('is one self-contained document: no external URL in any src or href, a strict CSP', () => {
    const refs = [...html.matchAll(/\s(?:src|href|xlink:href)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !r.startsWith('#'))).toEqual([]);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(/i);
    expect(contentSecurityPolicy()).toContain("default-src 'none'");
    expect(html).toContain(`<style>${CSS}</style>`);
    expect(html).toContain(`<script>${SCRIPT}</script>`);
  });

  it('has every section and a target for every in-page link', () => {
    for (const id of ['summary', 'runs', 'findings', 'coverage', 'messages', 'findings-table']) expect(html).toContain(`id="${id}"`);
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(targets.filter((t) => !ids.has(t))).toEqual([]);
  });

  it('shows linked messages whole (escaped) and lists the others by metadata', () => {
    expect(html).toMatch(/<details class="msg st-ok" id="msg-8">/);
    expect(html).toContain('&lt;Envelope&gt;see http://example.org/x &amp; &lt;b&gt;bold&lt;/b&gt;&lt;/Envelope&gt;');
    expect(html).toMatch(/<tr id="msg-2" /);
    expect(html).toContain('Demo &lt;scenario&gt;');
  });

  it('summarises the run: outcome counts, exit code, profile, seed and tool version', () => {
    expect(html).toContain('<td class="big fail">1</td>');
    expect(html).toContain('<th>seed</th><td>7</td>');
    expect(html).toContain('ixh 0.0.0-test');
    expect(html).toContain('<th>profile</th><td>xca-i</td>');
  });

  it('renders a report with no runs and no messages', () => {
    const empty = { ...testReport(), runs: [], messages: [] };
    expect(renderHtml(empty)).toContain('No findings.');
  });
});
