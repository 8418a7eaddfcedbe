// axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules, run on a page as it is: one line per
// element in violation, prefixed with where it was found.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function axeViolations(page, where) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  const lines = [];
  for (const v of result.violations) {
    for (const n of v.nodes) lines.push(`${where}: axe ${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`);
  }
  return lines;
}
