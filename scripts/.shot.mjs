import { chromium } from 'playwright-core';
const [, , url, out, click] = process.argv;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const errors = [];
page.on('pageerror', e => errors.push(e.message));
page.on('console', m => {
  if (m.type() === 'error') errors.push('console: ' + m.text());
});
await page.goto('http://localhost:3000/');
try {
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 20000 });
} catch (e) {
  console.log('no enter button');
}
await page.waitForTimeout(3000);
if (url !== '/') {
  await page.goto('http://localhost:3000' + url);
}
await page.waitForLoadState('networkidle');
await page.waitForTimeout(2000);
await page.screenshot({ path: out, fullPage: true });
console.log(JSON.stringify(errors.slice(0, 10), null, 1));
await browser.close();
