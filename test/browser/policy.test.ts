// The dashboard's Policy page in a real browser (Debian's Chromium driven by playwright-core) against the real
// stack: the version in force, its history with what each version changed, and the admin's editor, which asks
// the API to validate and shows its errors next to the fields.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { expectAccessible, launchChromium, signIn } from './chromium';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Every call the page made to the API, as `METHOD /path`. */
const calls: string[] = [];

beforeAll(async () => {
  [h, browser] = await Promise.all([createHarness(), launchChromium()]).then(
    ([harness, chromium]) => [harness, chromium] as const,
  );
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/v1/')) calls.push(`${request.method()} ${url.pathname}`);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** The text of the elements a field names in aria-describedby (its hint and its error). */
async function descriptionOf(label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    ids
      .split(' ')
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(' | ');
}

/**
 * Puts text into the JSON field as a paste would (one input event). Playwright's `fill` takes Chromium ~5 s per
 * 30 KB document on these machines, in a bare page too: the editing command, not the page.
 */
async function setJson(text: string) {
  await page.getByLabel('Policy document (JSON)').evaluate((element, value) => {
    const textarea = element as HTMLTextAreaElement;
    textarea.value = value;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

describe('the Policy page', () => {
  it('shows an admin the version in force and an editor', async () => {
    await page.goto(`${h.baseUrl}/app/`);
    await signIn(page, h.apiKey);
    await page.getByRole('link', { name: 'Policy', exact: true }).click();
    await page.getByText(/Version 1 is in force/).waitFor();
    await page.getByRole('heading', { name: 'Edit policy' }).waitFor();
    expect(await page.getByLabel('Global control group (%)', { exact: true }).inputValue()).toBe('0');
    expect(await page.getByLabel('marketing-24h: messages', { exact: true }).inputValue()).toBe('2');
    await expectAccessible(page, 'policy editor');
  });

  it('says a JSON syntax error before sending anything', async () => {
    const json = page.getByLabel('Policy document (JSON)');
    const good = await json.inputValue();
    await setJson(`${good.slice(0, -1)},`);
    calls.length = 0;
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByText(/This is not valid JSON/).waitFor();
    expect(await json.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').textContent()).toMatch(/nothing was sent/);
    expect(calls).toEqual([]);
    // The form fields wait for the JSON to be fixed.
    expect(await page.getByLabel('Global control group (%)', { exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Start again from the version in force' }).click();
    expect(await json.inputValue()).toBe(good);
    expect(await page.getByLabel('Global control group (%)', { exact: true }).isDisabled()).toBe(false);
  });

  it("refuses an invalid value with the API's message next to its field, and stores nothing", async () => {
    const percent = page.getByLabel('Global control group (%)', { exact: true });
    await percent.fill('150');
    // The JSON follows the field.
    expect(
      JSON.parse(await page.getByLabel('Policy document (JSON)').inputValue()).holdout.globalPercent,
    ).toBe(150);
    calls.length = 0;
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /nothing was saved/ })
      .waitFor();
    expect(await percent.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf('Global control group (%)')).toContain('must be at most 100');
    // The keyboard is taken to the field the API named.
    expect(await percent.evaluate((element) => element === document.activeElement)).toBe(true);
    // Validated first, and never published.
    expect(calls).toEqual(['POST /v1/policy/validate']);
    expect((await h.request('GET', '/v1/policy')).body.version).toBe(1);
    await page.getByText(/Version 1 is in force/).waitFor();
    await expectAccessible(page, 'policy editor with errors');
  });

  it('lists an error without a form field at the JSON text', async () => {
    const json = page.getByLabel('Policy document (JSON)');
    const doc = JSON.parse(await json.inputValue());
    doc.sendTime.explorePercent = 'lots';
    await setJson(JSON.stringify(doc, null, 2));
    await page.getByRole('button', { name: 'Validate' }).click();
    const list = page.locator('#policy-json-errors');
    await list.waitFor();
    expect(await list.textContent()).toContain('sendTime.explorePercent');
    expect(await json.getAttribute('aria-describedby')).toContain('policy-json-errors');
    // The field's own error is still next to it: the document still says 150.
    expect(await descriptionOf('Global control group (%)')).toContain('must be at most 100');
    doc.sendTime.explorePercent = (await h.request('GET', '/v1/policy')).body.sendTime.explorePercent;
    await setJson(JSON.stringify(doc, null, 2));
  });

  it('saves a fixed value from the keyboard: the new version is in force, and the history says what changed', async () => {
    const percent = page.getByLabel('Global control group (%)', { exact: true });
    await percent.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('5');
    calls.length = 0;
    await page.keyboard.press('Enter');
    await page.getByText('Saved: version 2 is in force.').waitFor();
    expect(calls.slice(0, 2)).toEqual(['POST /v1/policy/validate', 'PUT /v1/policy']);
    expect(await percent.getAttribute('aria-invalid')).toBeNull();

    const stored = (await h.request('GET', '/v1/policy')).body;
    expect(stored).toMatchObject({ version: 2, holdout: { globalPercent: 5 } });
    await page.getByText(/Version 2 is in force/).waitFor();

    const history = page.getByRole('region', { name: 'History' });
    await history
      .getByRole('listitem')
      .filter({ hasText: /by development key/ })
      .waitFor();
    expect(await history.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Version 2, published .* by development key$/),
    ]);
    expect(await history.getByRole('button', { name: 'Version 2' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const changed = page.getByRole('region', { name: 'What changed in version 2' });
    const changes = changed.getByRole('listitem');
    await changes.first().waitFor();
    // Only what differs from version 1: explorePercent went back to its value before it was sent.
    expect(await changes.allTextContents()).toEqual(['Holdout › global control % 0 → changed to 5']);
    await expectAccessible(page, 'policy after save');
  });

  it('fits a phone screen with the editor', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByLabel('Global control group (%)', { exact: true }).scrollIntoViewIfNeeded();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('shows a member key the version in force and the history with what changed, but no editor', async () => {
    const made = await h.request('POST', '/v1/api-keys', { name: 'cx lead', role: 'member' });
    expect(made.status).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, made.body.key as string);
    await page.getByText(/Version 2 is in force/).waitFor();
    const changed = page.getByRole('region', { name: 'What changed in version 2' });
    await changed.getByText(/Holdout › global control %/).waitFor();
    expect(await page.getByRole('heading', { name: 'Edit policy' }).count()).toBe(0);
    expect(await page.getByLabel('Policy document (JSON)').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(
      await page.getByRole('region', { name: 'History' }).getByRole('button', { name: 'Version 2' }).count(),
    ).toBe(1);
    await expectAccessible(page, 'policy for a member');
  });
});
