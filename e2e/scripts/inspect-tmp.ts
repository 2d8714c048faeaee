import { readFileSync } from 'node:fs';
import { launchBrowser } from '../support/browser.ts';
const world = JSON.parse(readFileSync('/tmp/dev-world.json', 'utf8'));
const { context, close } = await launchBrowser();
const page = await context.newPage();
await page.goto(`${world.url}/login?next=/studio`);
await page.fill('#username', world.username);
await page.fill('#password', world.password);
await page.click('button[type=submit]');
await page.locator('.tessera-KernelChoiceBar select').first().waitFor({ timeout: 120_000 });
await page.locator('.jp-SideBar [data-id="tessera-resources"]').click();
await page.locator('.tessera-Apps li').first().waitFor();
console.log(await page.evaluate(() => {
  const li = document.querySelector('.tessera-Apps li') as HTMLElement;
  const out: string[] = [];
  for (const el of [li, ...Array.from(li.children)] as HTMLElement[]) {
    const cs = getComputedStyle(el);
    out.push(`${el.tagName}.${el.className} w=${el.getBoundingClientRect().width} display=${cs.display} flex=${cs.flex}`);
  }
  return out.join('\n');
}));
await page.screenshot({ path: 'screenshots/inspect.png' });
await close();
