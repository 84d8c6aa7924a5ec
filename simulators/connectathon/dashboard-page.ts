/**
 * The dashboard page: one self-contained HTML document (inline CSS and script, allowed by hash
 * in a strict Content-Security-Policy; nothing is loaded from anywhere else). A vendor opens a
 * session with the form, then sees its endpoints, the messages as they arrive (server-sent
 * events) with their findings and requirement ids, the sequence diagram and the evidence
 * download. The session id and token stay in sessionStorage and go out as a Bearer header (or
 * `?token=` where a browser cannot set headers: EventSource, the download link). Everything the
 * server sends is put in with textContent; only the server-rendered, escaped diagram SVG is
 * inserted as markup.
 */
import { createHash } from 'node:crypto';
import { CSS as REPORT_CSS } from '../../reports/html/page.ts';

export const ROLES = [
  { value: 'pacs', label: 'PACS' },
  { value: 'gateway', label: 'gateway (NCP)' },
  { value: 'report-system', label: 'report system' },
  { value: 'other', label: 'other' },
] as const;

const CSS = `${REPORT_CSS}
form.card, .card { background: #fff; border: 1px solid var(--line); padding: 10px 14px; margin: 10px 0; max-width: 980px; }
form.card label { display: inline-block; min-width: 140px; margin: 3px 12px 3px 0; }
form.card input, form.card select { font: inherit; padding: 2px 4px; }
.error-text { color: var(--fail); font-weight: 600; }
.hidden { display: none; }
#messages { width: 100%; font-size: 12px; }
#messages td.validation ul { margin: 0; padding-left: 16px; }
#messages li.finding.sev-error { color: var(--fail); } #messages li.finding.sev-warning { color: var(--partial); }
.req { font-family: monospace; background: #e3f2fd; padding: 0 3px; margin-left: 4px; border-radius: 3px; }
code.secret { background: #fff3e0; padding: 1px 4px; word-break: break-all; }
#diagram { overflow-x: auto; background: #fff; border: 1px solid var(--line); min-height: 40px; }
`;

const SCRIPT = `
(function () {
  'use strict';
  var KEY = 'ixh-session';
  var $ = function (id) { return document.getElementById(id); };
  var state = null, source = null, diagramTimer = null;
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = String(text); return e; }
  function api(path, init) {
    init = init || {};
    init.headers = Object.assign({}, init.headers || {}, state ? { authorization: 'Bearer ' + state.token } : {});
    return fetch(path, init);
  }
  function showError(id, text) { var e = $(id); e.textContent = text; e.classList.toggle('hidden', !text); }

  $('create-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var f = ev.target, body = { vendor: f.vendor.value, role: f.role.value };
    ['aeTitle', 'host', 'url'].forEach(function (k) { if (f[k].value.trim()) body[k] = f[k].value.trim(); });
    if (f.port.value.trim()) body.port = Number(f.port.value);
    fetch('/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (a) {
        if (!a.ok) return showError('create-error', a.j.error || 'the session could not be created');
        showError('create-error', '');
        open({ id: a.j.id, token: a.j.token });
      })
      .catch(function (e) { showError('create-error', String(e)); });
  });
  $('resume-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    open({ id: ev.target.sessionId.value.trim(), token: ev.target.token.value.trim() });
  });
  $('leave').addEventListener('click', function () {
    sessionStorage.removeItem(KEY); if (source) source.close(); state = null; location.reload();
  });

  function open(s) {
    state = s;
    api('/api/sessions/' + encodeURIComponent(s.id)).then(function (r) {
      if (!r.ok) { state = null; sessionStorage.removeItem(KEY); showError('resume-error', r.status === 404 ? 'no such session for this token' : 'error ' + r.status); return null; }
      return r.json();
    }).then(function (d) {
      if (!d) return;
      sessionStorage.setItem(KEY, JSON.stringify(s));
      render(d);
      listen();
      refreshDiagram();
    });
  }

  function render(d) {
    $('start').classList.add('hidden');
    $('session').classList.remove('hidden');
    $('session-title').textContent = d.session.vendor + ' — ' + d.session.role + ' — session ' + d.session.id;
    $('session-id').textContent = d.session.id;
    $('session-token').textContent = state.token;
    $('your-ae').textContent = d.session.addresses.aeTitle || '(none declared)';
    var tbody = $('endpoints').querySelector('tbody'); tbody.textContent = '';
    d.endpoints.countries.forEach(function (c) {
      c.soap.forEach(function (s) { var tr = el('tr'); [c.code, s.actor, s.url].forEach(function (v) { tr.appendChild(el('td', '', v)); }); tbody.appendChild(tr); });
      if (c.pacs) { var tr = el('tr'); [c.code, 'pacs (DIMSE)', 'AE ' + c.pacs.aeTitle + ' at ' + c.pacs.host + ':' + c.pacs.port].forEach(function (v) { tr.appendChild(el('td', '', v)); }); tbody.appendChild(tr); }
    });
    var q = '?token=' + encodeURIComponent(state.token);
    $('evidence-link').href = '/api/sessions/' + encodeURIComponent(d.session.id) + '/evidence' + q;
    if (d.certificates) { $('cert-link').href = '/api/sessions/' + encodeURIComponent(d.session.id) + '/certificates' + q; $('cert-item').classList.remove('hidden'); }
  }

  function listen() {
    if (source) source.close();
    var last = 0;
    source = new EventSource('/api/sessions/' + encodeURIComponent(state.id) + '/events?token=' + encodeURIComponent(state.token));
    source.addEventListener('message', function (ev) { var e = JSON.parse(ev.data); addRow(e.message, e.validation, e.findings); last = e.message.seq; scheduleDiagram(); });
    source.addEventListener('findings', function (ev) { var e = JSON.parse(ev.data); setFindings(e.seq, 'done', e.findings); scheduleDiagram(); });
    source.addEventListener('open', function () { $('live').textContent = 'live'; });
    source.addEventListener('error', function () { $('live').textContent = 'reconnecting…'; });
  }

  function addRow(m, validation, findings) {
    if ($('msg-' + m.seq)) return;
    var tr = el('tr', 'msg'); tr.id = 'msg-' + m.seq; tr.setAttribute('data-seq', m.seq);
    [m.seq, m.time.slice(11, 23), m.actor, m.peer, m.transaction, m.direction, m.status || '', m.bytes].forEach(function (v) { tr.appendChild(el('td', '', v)); });
    var td = el('td', 'validation'); tr.appendChild(td);
    $('messages').querySelector('tbody').appendChild(tr);
    $('no-messages').classList.add('hidden');
    setFindings(m.seq, validation, findings || []);
  }

  function setFindings(seq, validation, findings) {
    var tr = $('msg-' + seq); if (!tr) return;
    var td = tr.querySelector('td.validation'); td.textContent = ''; td.setAttribute('data-state', validation);
    if (validation === 'pending') { td.appendChild(el('span', 'badge', 'validating')); return; }
    if (validation === 'not-judged') { td.appendChild(el('span', 'note', 'protocol record')); return; }
    var errors = findings.filter(function (f) { return f.severity === 'error'; }).length;
    td.appendChild(el('span', 'badge ' + (errors ? 'fail' : 'pass'), errors ? errors + ' error(s)' : 'no errors'));
    tr.classList.toggle('st-failed', errors > 0);
    if (!findings.length) return;
    var ul = el('ul');
    findings.forEach(function (f) {
      var li = el('li', 'finding sev-' + f.severity); li.setAttribute('data-rule', f.ruleId);
      li.appendChild(el('b', '', f.severity + ' ')); li.appendChild(el('code', '', f.ruleId)); li.appendChild(document.createTextNode(' ' + f.message));
      f.requirements.forEach(function (r) { li.appendChild(el('span', 'req', r)); });
      ul.appendChild(li);
    });
    td.appendChild(ul);
  }

  function scheduleDiagram() { if (diagramTimer) return; diagramTimer = setTimeout(function () { diagramTimer = null; refreshDiagram(); }, 400); }
  function refreshDiagram() {
    if (!state) return;
    api('/api/sessions/' + encodeURIComponent(state.id) + '/diagram').then(function (r) { return r.ok ? r.text() : ''; }).then(function (svg) { if (svg) $('diagram').innerHTML = svg; });
  }

  var saved = sessionStorage.getItem(KEY);
  if (saved) { try { open(JSON.parse(saved)); } catch (e) { sessionStorage.removeItem(KEY); } }
})();
`;

function hash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function dashboardCsp(): string {
  return `default-src 'none'; style-src ${hash(CSS)}; script-src ${hash(SCRIPT)}; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export function dashboardPage(): string {
  const roles = ROLES.map((r) => `<option value="${r.value}">${r.label}</option>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ixh connectathon</title>
<style>${CSS}</style>
</head><body>
<header class="top"><h1>ixh connectathon</h1><nav><span id="live"></span></nav></header>
<main>
<section id="start">
  <h2>Open a test session</h2>
  <form id="create-form" class="card">
    <label>Vendor / system <input name="vendor" required maxlength="100"></label>
    <label>Role <select name="role">${roles}</select></label><br>
    <label>Your AE title <input name="aeTitle" maxlength="16" placeholder="ACME_SCU"></label>
    <label>Host <input name="host" placeholder="10.0.0.5"></label>
    <label>Port <input name="port" type="number" min="1" max="65535"></label><br>
    <label>Your URL <input name="url" size="50" placeholder="https://gateway.example/xca"></label><br>
    <button type="submit" id="create">Create session</button> <span id="create-error" class="error-text hidden"></span>
  </form>
  <h2>Resume a session</h2>
  <form id="resume-form" class="card">
    <label>Session id <input name="sessionId" required></label>
    <label>Token <input name="token" required size="50"></label>
    <button type="submit">Open</button> <span id="resume-error" class="error-text hidden"></span>
  </form>
</section>
<section id="session" class="hidden">
  <h2 id="session-title"></h2>
  <div class="card">
    <p>Session id <code id="session-id"></code> — token <code class="secret" id="session-token"></code> (keep it: it is shown once and is the only way back in).</p>
    <p>Send DIMSE with your calling AE title <code id="your-ae"></code>; send SOAP to the URLs below. <button type="button" id="leave">Leave this session</button></p>
    <ul><li><a id="evidence-link" href="#">Download the signed evidence bundle (tar)</a> — check it with <code>ixh verify-evidence DIR</code></li>
    <li id="cert-item" class="hidden"><a id="cert-link" href="#">Your TLS client/server certificate</a></li></ul>
  </div>
  <h3>Endpoints</h3>
  <table id="endpoints" class="scroll"><thead><tr><th>country</th><th>actor</th><th>address</th></tr></thead><tbody></tbody></table>
  <h3>Messages</h3>
  <p id="no-messages" class="empty">No message yet: send one.</p>
  <table id="messages"><thead><tr><th>#</th><th>time</th><th>actor</th><th>peer</th><th>transaction</th><th>direction</th><th>status</th><th>bytes</th><th>findings</th></tr></thead><tbody></tbody></table>
  <h3>Sequence diagram</h3>
  <div id="diagram"></div>
</section>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}
