/**
 * The page shell: inline CSS, a tiny inline script (reveal the message a link targets, severity
 * and failing-run filters) and a Content-Security-Policy that allows exactly those two inline
 * blocks (by hash) and nothing from the network.
 */
import { createHash } from 'node:crypto';
import { esc } from './escape.ts';

export const CSS = `
:root { --ok:#2e7d32; --fail:#c62828; --partial:#ef6c00; --skip:#9e9e9e; --error:#6a1b9a; --ink:#212121; --muted:#616161; --line:#e0e0e0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fafafa; }
header.top { background: #263238; color: #fff; padding: 12px 20px; }
header.top h1 { font-size: 18px; margin: 0 0 4px; }
header.top nav a { color: #b3e5fc; margin-right: 14px; text-decoration: none; }
main { padding: 12px 20px 40px; }
section { margin: 18px 0 28px; }
h2 { font-size: 17px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
code { font-size: 12px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; color: #fff; background: var(--muted); }
.badge.pass, .badge.passed { background: var(--ok); }
.badge.fail, .badge.failed, .badge.error { background: var(--fail); }
.badge.warning { background: var(--partial); }
.badge.info, .badge.skip, .badge.not-covered { background: var(--skip); }
.summary td.big { font-size: 20px; font-weight: 600; }
td.passed, td.pass { color: var(--ok); } td.failed, td.fail { color: var(--fail); } td.error { color: var(--error); }
.run { background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--ok); padding: 8px 14px; margin: 14px 0; }
.run.fail { border-left-color: var(--fail); } .run.error { border-left-color: var(--error); } .run.skip { border-left-color: var(--skip); }
.run h3 { margin-top: 4px; }
.scroll { overflow-x: auto; }
.steps td.over { color: var(--fail); font-weight: 600; }
svg { font: 11px system-ui, sans-serif; display: block; margin: 6px 0; }
svg .country { fill: #eceff1; stroke: #90a4ae; }
svg .country-label { text-anchor: middle; font-weight: 700; font-size: 12px; fill: #37474f; }
svg .lane { fill: #fff; stroke: #78909c; }
svg .lane-label { text-anchor: middle; font-weight: 600; fill: #263238; }
svg .lifeline { stroke: #b0bec5; stroke-dasharray: 4 3; }
svg .step-band { fill: #e8f5e9; } svg .step-band.fail { fill: #ffebee; } svg .step-band.skip { fill: #f5f5f5; } svg .step-band.error { fill: #f3e5f5; }
svg .step-label { fill: #37474f; font-weight: 600; }
svg .arrow .line { stroke: #37474f; stroke-width: 1.4; fill: none; } svg .arrow .head { fill: #37474f; }
svg .arrow .arrow-label { text-anchor: middle; fill: #1a237e; } svg .arrow .arrow-label.self { text-anchor: start; }
svg .arrow.failed .line { stroke: var(--fail); stroke-width: 2.2; } svg .arrow.failed .head { fill: var(--fail); } svg .arrow.failed .arrow-label { fill: var(--fail); font-weight: 700; }
svg .arrow.partial .line { stroke: var(--partial); stroke-width: 2; } svg .arrow.partial .head { fill: var(--partial); } svg .arrow.partial .arrow-label { fill: var(--partial); }
svg a.arrow:hover .arrow-label { text-decoration: underline; }
svg .grid { stroke: #eeeeee; } svg .tick { text-anchor: middle; fill: var(--muted); }
svg .wf-label { text-anchor: end; fill: #37474f; } svg .wf-value { fill: var(--muted); } svg .wf-value.over { fill: var(--fail); font-weight: 700; }
svg .bar { fill: #64b5f6; } svg .bar.pass { fill: #66bb6a; } svg .bar.fail { fill: #ef9a9a; } svg .bar.error { fill: #ce93d8; } svg .bar.over { fill: var(--fail); }
svg .budget { stroke: #000; stroke-width: 2; } svg .budget-off { text-anchor: end; fill: var(--muted); font-size: 10px; }
.findings { width: 100%; } .findings td { overflow-wrap: anywhere; max-width: 420px; }
.findings .req-head th { background: #e3f2fd; font-weight: 600; }
.findings tr.sev-error td { background: #fff5f5; }
.findings .spec, .findings .subject, .more { color: var(--muted); font-size: 12px; word-break: break-all; }
.findings.hide-error tr.sev-error, .findings.hide-warning tr.sev-warning, .findings.hide-info tr.sev-info { display: none; }
body.only-failing .run.pass { display: none; }
details.step-msgs { margin: 4px 0; background: #fff; border: 1px solid var(--line); padding: 4px 8px; }
details.msg { margin: 6px 0 6px 12px; border-left: 3px solid #90caf9; padding-left: 8px; }
details.msg.st-failed { border-left-color: var(--fail); } details.msg.st-partial { border-left-color: var(--partial); }
details.msg pre { max-height: 420px; overflow: auto; background: #263238; color: #eceff1; padding: 8px; font-size: 12px; white-space: pre-wrap; word-break: break-all; }
.msg-list { font-size: 12px; margin: 6px 0; } .msg-list tr.st-failed td { color: var(--fail); }
:target { outline: 3px solid #ffb300; outline-offset: 2px; }
tr:target td { background: #fff8e1; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; margin: 4px 0; font-size: 12px; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; }
.note, .empty { color: var(--muted); font-size: 12px; }
`;

export const SCRIPT = `
(function () {
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el) return;
    for (var p = el; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    el.scrollIntoView({ block: 'start' });
  }
  window.addEventListener('hashchange', reveal);
  document.addEventListener('click', function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest('a') : null;
    var href = a && (a.getAttribute('href') || a.getAttribute('xlink:href'));
    if (href && href.charAt(0) === '#' && href === location.hash) setTimeout(reveal, 0);
  });
  var table = document.getElementById('findings-table');
  document.querySelectorAll('input.sev-filter').forEach(function (box) {
    box.addEventListener('change', function () { if (table) table.classList.toggle('hide-' + box.value, !box.checked); });
  });
  var failing = document.getElementById('only-failing');
  if (failing) failing.addEventListener('change', function () { document.body.classList.toggle('only-failing', failing.checked); });
  reveal();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(): string {
  return `default-src 'none'; style-src ${sha256(CSS)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
}

export function page(title: string, nav: readonly { readonly href: string; readonly label: string }[], content: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy())}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head><body>',
    `<header class="top"><h1>${esc(title)}</h1><nav>${nav.map((n) => `<a href="${esc(n.href)}">${esc(n.label)}</a>`).join('')}</nav></header>`,
    '<main>',
    ...content,
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body></html>',
  ].join('\n');
}
