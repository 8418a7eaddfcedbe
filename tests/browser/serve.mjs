// Opens the add-in's task pane served by `goldthread serve` in headless Chromium:
//   - in a browser: a return chosen with the file input is checked and its findings listed by
//     principle; dropped on the page, it is checked again; the annotated copy downloads as an
//     xlsx; submitted with the token, the return is received;
//   - in Excel: a stand-in for Office and Excel (Excel itself cannot run here) serves the
//     return's bytes through getFileAsync, slice by slice, and records the cells selected;
//     clicking a finding selects its cell;
//   - axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on each state: any violation fails;
//   - nothing is requested from anywhere but the server (Office's CDN script included).
// Usage: node serve.mjs ORIGIN RETURN_FILE TOKEN   (CHROMIUM=/path/to/chromium to use another)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { axeViolations } from './axe.mjs';

const [origin, returnFile, token] = process.argv.slice(2);
if (!origin || !returnFile || !token) {
  console.error('usage: node serve.mjs ORIGIN RETURN_FILE TOKEN');
  process.exit(2);
}
const bytes = await readFile(returnFile);
const fileName = path.basename(returnFile);
const failures = [];
let violations = 0;

async function axe(page, state) {
  const found = await axeViolations(page, state);
  violations += found.length;
  failures.push(...found);
}

function expect(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

// A stand-in for Office.js in Excel: the workbook's bytes in slices of 1000 bytes, and each
// range selected recorded in window.selections.
function officeStandIn(data) {
  const workbook = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const SLICE = 1000;
  window.selections = [];
  window.Office = {
    HostType: { Excel: 'Excel' },
    FileType: { Compressed: 'compressed' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady: () => Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }),
    context: {
      document: {
        url: 'https://council.sharepoint.com/sites/returns/Shared%20Documents/adults_performance.xlsx',
        getFileAsync(type, options, callback) {
          if (type !== 'compressed') {
            callback({ status: 'failed', error: { message: 'only the compressed form' } });
            return;
          }
          const sliceCount = Math.ceil(workbook.length / SLICE);
          callback({
            status: 'succeeded',
            value: {
              size: workbook.length,
              sliceCount,
              getSliceAsync(i, cb) {
                const part = workbook.slice(i * SLICE, (i + 1) * SLICE);
                cb({ status: 'succeeded', value: { index: i, size: part.length, data: Array.from(part) } });
              },
              closeAsync(cb) {
                window.fileClosed = true;
                if (cb) cb({ status: 'succeeded' });
              },
            },
          });
        },
      },
    },
  };
  window.Excel = {
    run: async (batch) => {
      const context = {
        workbook: {
          worksheets: {
            getItem: (sheet) => ({
              getRange: (cell) => ({ select: () => window.selections.push({ sheet, cell }) }),
            }),
          },
        },
        sync: async () => {},
      };
      return batch(context);
    },
  };
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    failures.push(`request outside the server: ${url}`);
    return route.abort();
  });

  // In a browser.
  const page = await context.newPage();
  page.on('pageerror', (e) => failures.push(`browser: script error: ${e.message}`));
  const response = await page.goto(`${origin}/addin/`, { waitUntil: 'load' });
  expect(response && response.ok(), 'the page could not be opened');
  expect(await page.isVisible('#file'), 'the file picker is shown outside Excel');
  expect(!(await page.isVisible('#check-workbook')), 'the Excel button is hidden outside Excel');
  await axe(page, 'browser, empty');
  await page.setInputFiles('#file', returnFile);
  await page.waitForSelector('#findings li', { timeout: 60000 });
  const listed = await page.locator('#findings li').count();
  const groups = await page.locator('#findings h3').allTextContents();
  console.log(`browser: ${listed} findings listed under ${groups.join(', ')}`);
  expect(listed > 0, 'no findings listed');
  expect((await page.textContent('#summary')).includes(fileName), 'the summary names the file');
  await axe(page, 'browser, findings');

  // Dropped on the page: the same return is checked again.
  await page.evaluate(() => { document.getElementById('summary').textContent = ''; });
  await page.evaluate(([data, name]) => {
    const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name);
    const dt = new DataTransfer();
    dt.items.add(file);
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [bytes.toString('base64'), fileName]);
  await page.waitForFunction((name) => document.getElementById('summary').textContent.includes(name), fileName, { timeout: 60000 });
  console.log('browser: the dropped return was checked');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#annotate')]);
  const saved = await readFile(await download.path());
  expect(saved.subarray(0, 2).toString() === 'PK', 'the annotated copy is not an xlsx');
  expect(download.suggestedFilename().endsWith(' checked.xlsx'), `annotated copy named ${download.suggestedFilename()}`);
  console.log(`browser: downloaded ${download.suggestedFilename()} (${saved.length} bytes)`);

  // Submitting without a token is refused on the page; with it, received.
  await page.fill('#period', '2024-25 Q2');
  await page.fill('#token', 'wrong-token-of-some-length');
  await page.click('#send');
  await page.waitForFunction(() => document.getElementById('receipt').textContent.startsWith('Not submitted'), null, { timeout: 60000 });
  await page.fill('#token', token);
  await page.click('#send');
  await page.waitForFunction(() => document.getElementById('receipt').textContent.startsWith('Received'), null, { timeout: 60000 });
  const receipt = await page.textContent('#receipt');
  console.log(`browser: ${receipt}`);
  expect(receipt.includes('Adults and Health') && receipt.includes('Status for the period'), 'the receipt names the directorate and its status');
  await axe(page, 'browser, submitted');
  await page.close();

  // In Excel, with the stand-in.
  const excel = await context.newPage();
  excel.on('pageerror', (e) => failures.push(`excel: script error: ${e.message}`));
  await excel.addInitScript(officeStandIn, bytes.toString('base64'));
  await excel.goto(`${origin}/addin/?office=1`, { waitUntil: 'load' });
  await excel.waitForSelector('#check-workbook', { state: 'visible' });
  expect(!(await excel.isVisible('#file')), 'the file picker is hidden in Excel');
  await axe(excel, 'excel, empty');
  await excel.click('#check-workbook');
  await excel.waitForSelector('#findings button[data-cell]', { timeout: 60000 });
  expect(await excel.evaluate(() => window.fileClosed === true), 'the file was not closed after reading');
  expect((await excel.textContent('#summary')).startsWith('adults_performance.xlsx'), 'the workbook is named from its address');
  const target = excel.locator('#findings button[data-cell]').first();
  const wanted = { sheet: await target.getAttribute('data-sheet'), cell: await target.getAttribute('data-cell') };
  await target.click();
  await excel.waitForFunction(() => window.selections.length > 0, null, { timeout: 10000 });
  const selected = await excel.evaluate(() => window.selections);
  console.log(`excel: clicking a finding selected ${JSON.stringify(selected)}`);
  expect(JSON.stringify(selected) === JSON.stringify([wanted]), `selected ${JSON.stringify(selected)}, not ${JSON.stringify(wanted)}`);
  // Keyboard: the finding is a button, reached with Tab and pressed with Enter.
  await excel.focus('#findings button[data-cell]');
  await excel.keyboard.press('Enter');
  await excel.waitForFunction(() => window.selections.length > 1, null, { timeout: 10000 });
  await axe(excel, 'excel, findings');
  await excel.close();
} finally {
  await browser.close();
}

console.log(`axe violations: ${violations}`);
for (const f of failures) console.error(f);
process.exit(failures.length ? 1 : 0);
