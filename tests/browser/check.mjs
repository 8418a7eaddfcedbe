// Checks a site written by `goldthread publish` in headless Chromium:
//   - axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules: any violation fails;
//   - every request must stay on the local server that serves the site (or file://);
//   - pressing Tab from the top of the page must reach every link;
//   - at 320 CSS pixels wide (1280 at 400% zoom) the page must not scroll sideways (WCAG 1.4.10;
//     wide tables scroll inside their own focusable region);
//   - printed, the navigation is left out.
// Usage: node check.mjs SITE_DIR   (CHROMIUM=/path/to/chromium to use another browser)
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { axeViolations } from './axe.mjs';

const siteDir = path.resolve(process.argv[2] || '');
if (!process.argv[2]) {
  console.error('usage: node check.mjs SITE_DIR');
  process.exit(2);
}
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.csv': 'text/csv',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

// The site served from the loopback interface only.
const server = createServer(async (req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname).replace(/^\/+/, '');
  const file = path.resolve(siteDir, rel || 'index.html');
  if (!file.startsWith(siteDir + path.sep)) { res.writeHead(403).end(); return; }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const pages = (await readdir(siteDir)).filter((f) => f.endsWith('.html')).sort();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking'],
});
const failures = [];
let violations = 0;
try {
  const context = await browser.newContext({ javaScriptEnabled: true });
  // Anything asked of another origin is recorded and refused.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('file://') || url.startsWith('data:')) {
      return route.continue();
    }
    failures.push(`request outside the site: ${url}`);
    return route.abort();
  });
  for (const name of pages) {
    const page = await context.newPage();
    const response = await page.goto(`${origin}/${name}`, { waitUntil: 'load' });
    if (!response || !response.ok()) failures.push(`${name}: could not be opened`);
    const found = await axeViolations(page, name);
    violations += found.length;
    failures.push(...found);
    // Keyboard: Tab from the top until focus comes round again; every link must be reached.
    const links = await page.evaluate(() => {
      const all = [...document.querySelectorAll('a[href]')];
      all.forEach((a, i) => a.setAttribute('data-check-link', String(i)));
      return all.length;
    });
    const reached = new Set();
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    for (let i = 0; i < links + 10; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.getAttribute('data-check-link'));
      if (id !== null && id !== undefined) reached.add(id);
    }
    if (reached.size !== links) {
      failures.push(`${name}: Tab reached ${reached.size} of ${links} links`);
    }
    // Reflow: 320 CSS pixels wide, no sideways scrolling of the page.
    await page.setViewportSize({ width: 320, height: 640 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) failures.push(`${name}: at 320px wide the page is ${width}px wide`);
    // Print: the print stylesheet hides the navigation.
    await page.emulateMedia({ media: 'print' });
    const navShown = await page.evaluate(() => {
      const nav = document.querySelector('nav.pages');
      return nav !== null && getComputedStyle(nav).display !== 'none';
    });
    if (navShown) failures.push(`${name}: the navigation is printed`);
    console.log(`${name}: ${found.length} element(s) in violation of axe rules, ${reached.size}/${links} links reached by Tab, ${width}px wide at 320px`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`axe violations: ${violations} on ${pages.length} pages`);
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log('site check passed');
