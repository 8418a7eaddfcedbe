// The task pane: checks a return with goldthread serve, lists its findings by principle, and
// submits it with the directorate's token. In Excel it reads the open workbook through
// Office.js and a finding selects its cell; in any other browser it takes a file by picker or
// drag and drop. Everything shown is set as text, never as HTML.
'use strict';

(function () {
  const PRINCIPLES = ['accuracy', 'reliability', 'timeliness', 'relevance', 'completeness'];
  const EXTENSIONS = ['xlsx', 'xlsm', 'xls', 'ods', 'csv'];
  // Office requires its script from Microsoft's CDN; it is loaded only when the page runs in
  // an Office host, so the page works with no network outside Office.
  const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
  const SLICE = 4 * 1024 * 1024;

  const $ = (id) => document.getElementById(id);
  // The return being worked on: its bytes and name.
  let current = null;
  let inExcel = false;

  function api(path, params) {
    const url = new URL('../api/' + path, window.location.href);
    for (const [k, v] of Object.entries(params || {})) url.searchParams.set(k, v);
    return url;
  }

  function say(id, text, isError) {
    const el = $(id);
    el.textContent = text;
    el.classList.toggle('error', Boolean(isError));
  }

  async function errorOf(response) {
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') return body.error;
    } catch (e) {
      // Not JSON: the status says enough.
    }
    return 'the service answered ' + response.status + ' ' + response.statusText;
  }

  function el(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function place(f) {
    if (!f.sheet) return '';
    if (f.cell) return "'" + f.sheet + "'!" + f.cell;
    if (f.row) return "'" + f.sheet + "' row " + f.row;
    return "'" + f.sheet + "'";
  }

  // The latest period the return reports, to offer for the submission.
  function reportedPeriod(doc) {
    const labels = (doc.observations || []).map((o) => o.period).filter(Boolean);
    labels.sort();
    return labels.length ? labels[labels.length - 1] : '';
  }

  function showFindings(doc) {
    const findings = doc.findings || [];
    const errors = findings.filter((f) => f.severity === 'error').length;
    const s = doc.summary || {};
    say('summary', doc.file + ': ' + (s.risks || 0) + ' risks, ' + (s.measures || 0) +
      ' measures and ' + (s.observations || 0) + ' values read; ' + findings.length +
      ' finding(s), ' + errors + ' of them error(s).');
    const box = $('findings');
    box.replaceChildren();
    if (!findings.length) box.append(el('p', 'No findings: the return is ready to submit.'));
    const known = PRINCIPLES.concat(findings.map((f) => f.principle).filter((p) => !PRINCIPLES.includes(p)));
    for (const principle of known) {
      const mine = findings.filter((f) => f.principle === principle);
      if (!mine.length) continue;
      const group = el('section', undefined, 'principle');
      const title = principle.charAt(0).toUpperCase() + principle.slice(1);
      group.append(el('h3', title + ' (' + mine.length + ')'));
      const list = el('ul', undefined, 'findings');
      for (const f of mine) {
        const item = el('li', undefined, 'finding ' + f.severity);
        const where = place(f);
        const canSelect = inExcel && f.sheet && f.cell;
        const holder = canSelect ? el('button') : el('div');
        if (canSelect) {
          holder.type = 'button';
          holder.dataset.sheet = f.sheet;
          holder.dataset.cell = f.cell;
          holder.addEventListener('click', () => selectCell(f.sheet, f.cell));
        }
        holder.append(el('span', f.severity, 'severity'), el('span', ' ' + f.message, 'message'));
        if (where) holder.append(el('span', ' ' + where, 'where'));
        item.append(holder);
        list.append(item);
      }
      group.append(list);
      box.append(group);
    }
    $('results').hidden = false;
    $('submit').hidden = false;
    if (!$('period').value) $('period').value = reportedPeriod(doc);
  }

  async function check(bytes, name) {
    current = { bytes, name };
    say('status', 'Checking ' + name + '...');
    say('receipt', '');
    try {
      const response = await fetch(api('check', { name }), { method: 'POST', body: bytes });
      if (!response.ok) {
        say('status', name + ' could not be checked: ' + (await errorOf(response)), true);
        $('results').hidden = true;
        $('submit').hidden = true;
        return;
      }
      const doc = await response.json();
      showFindings(doc);
      say('status', 'Checked ' + name + '.');
    } catch (e) {
      say('status', 'The service cannot be reached: ' + e.message, true);
    }
  }

  function nameOk(name) {
    const ext = (name.split('.').pop() || '').toLowerCase();
    return EXTENSIONS.includes(ext);
  }

  async function takeFile(file) {
    if (!file) return;
    if (!nameOk(file.name)) {
      say('status', file.name + ' is not a return: choose a .xlsx, .xlsm, .xls, .ods or .csv file.', true);
      return;
    }
    await check(new Uint8Array(await file.arrayBuffer()), file.name);
  }

  async function annotate() {
    if (!current) return;
    say('status', 'Making the annotated copy...');
    const response = await fetch(api('annotate', { name: current.name }), { method: 'POST', body: current.bytes });
    if (!response.ok) {
      say('status', 'The annotated copy could not be made: ' + (await errorOf(response)), true);
      return;
    }
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = current.name.replace(/\.[^.]*$/, '') + ' checked.xlsx';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    say('status', 'The annotated copy is downloaded: each faulty cell is highlighted and noted.');
  }

  async function submit(event) {
    event.preventDefault();
    if (!current) return;
    const period = $('period').value.trim();
    const token = $('token').value.trim();
    if (!period || !token) {
      say('receipt', 'Give the period and your directorate\'s token.', true);
      return;
    }
    say('receipt', 'Submitting...');
    try {
      const response = await fetch(api('submit', { name: current.name, period }), {
        method: 'POST',
        headers: { Authorization: 'Bearer ' + token },
        body: current.bytes,
      });
      if (!response.ok) {
        say('receipt', 'Not submitted: ' + (await errorOf(response)), true);
        return;
      }
      const r = await response.json();
      let text = 'Received for ' + r.directorate + ', ' + r.period + ', at ' + r.received + ' with ' +
        r.findings + ' finding(s). Receipt: ' + r.stored + ', SHA-256 ' + r.sha256 + '.';
      const status = await fetch(api('submissions', { period: r.period }));
      if (status.ok) {
        const all = await status.json();
        const mine = (all.directorates || []).find((d) => d.directorate === r.directorate);
        if (mine) text += ' Status for the period: ' + mine.status + ' (due ' + all.due + ').';
      }
      say('receipt', text);
    } catch (e) {
      say('receipt', 'The service cannot be reached: ' + e.message, true);
    }
  }

  // Excel: the open workbook's bytes, slice by slice, in the compressed (xlsx) form.
  function workbookBytes() {
    return new Promise((resolve, reject) => {
      Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize: SLICE }, (result) => {
        if (result.status !== Office.AsyncResultStatus.Succeeded) {
          reject(new Error(result.error ? result.error.message : 'the workbook cannot be read'));
          return;
        }
        const file = result.value;
        const parts = [];
        const next = (i) => {
          if (i >= file.sliceCount) {
            file.closeAsync(() => {});
            const size = parts.reduce((n, p) => n + p.length, 0);
            const all = new Uint8Array(size);
            let at = 0;
            for (const p of parts) {
              all.set(p, at);
              at += p.length;
            }
            resolve(all);
            return;
          }
          file.getSliceAsync(i, (slice) => {
            if (slice.status !== Office.AsyncResultStatus.Succeeded) {
              file.closeAsync(() => {});
              reject(new Error(slice.error ? slice.error.message : 'a part of the workbook cannot be read'));
              return;
            }
            parts.push(new Uint8Array(slice.value.data));
            next(i + 1);
          });
        };
        next(0);
      });
    });
  }

  function workbookName() {
    const url = (Office.context.document && Office.context.document.url) || '';
    const last = decodeURIComponent(url.split(/[\\/]/).pop() || '').split('?')[0];
    if (last && nameOk(last)) return last;
    return (last ? last.replace(/\.[^.]*$/, '') : 'workbook') + '.xlsx';
  }

  async function checkWorkbook() {
    say('status', 'Reading the workbook...');
    try {
      const bytes = await workbookBytes();
      await check(bytes, workbookName());
    } catch (e) {
      say('status', 'The workbook cannot be read: ' + e.message, true);
    }
  }

  async function selectCell(sheet, cell) {
    try {
      await Excel.run(async (context) => {
        context.workbook.worksheets.getItem(sheet).getRange(cell).select();
        await context.sync();
      });
      say('status', 'Selected ' + "'" + sheet + "'!" + cell + '.');
    } catch (e) {
      say('status', "'" + sheet + "'!" + cell + ' cannot be selected: ' + e.message, true);
    }
  }

  function startExcel() {
    inExcel = true;
    document.body.classList.add('in-excel');
    $('excel').hidden = false;
    $('pick').hidden = true;
  }

  function startBrowser() {
    const drop = $('drop');
    $('file').addEventListener('change', (e) => takeFile(e.target.files[0]));
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      takeFile(e.dataTransfer && e.dataTransfer.files[0]);
    });
  }

  // Office adds _host_Info to a task pane's address; the manifest's address carries ?office=1.
  function hostedInOffice() {
    const q = new URLSearchParams(window.location.search);
    return q.has('_host_Info') || q.get('office') === '1';
  }

  function loadOffice() {
    return new Promise((resolve) => {
      if (window.Office) {
        resolve(true);
        return;
      }
      if (!hostedInOffice()) {
        resolve(false);
        return;
      }
      const script = document.createElement('script');
      script.src = OFFICE_JS;
      script.onload = () => resolve(true);
      script.onerror = () => resolve(false);
      document.head.append(script);
    });
  }

  async function start() {
    $('annotate').addEventListener('click', annotate);
    $('submit-form').addEventListener('submit', submit);
    $('check-workbook').addEventListener('click', checkWorkbook);
    startBrowser();
    if (await loadOffice()) {
      const info = await Office.onReady();
      if (info && info.host === Office.HostType.Excel) startExcel();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
