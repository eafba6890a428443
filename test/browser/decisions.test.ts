// The Decisions page in a real browser (Debian's Chromium driven by playwright-core) against the real stack: the
// API serving the built web/ app, a worker running the real workflows, Temporal and FerretDB. A decision made
// through the API while the page is open arrives on it live, with its reason in words; filters narrow it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';
import { expectAccessible, launchChromium } from './chromium';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const quiet = `quiet-${uid()}`;
const watched = `watched-${uid()}`;

beforeAll(async () => {
  [h, browser] = await Promise.all([createHarness(), launchChromium()]).then(
    ([harness, chromium]) => [harness, chromium] as const,
  );
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();

  // Something on the page before it opens, and a customer who opted out of sms (a reason that holds at any hour).
  const receipt = await contact(quiet, { channel: 'email', category: 'transactional', campaign: 'receipts' });
  expect(receipt).toMatchObject({ decision: 'sent', reason: 'ok' });
  expect(
    (await h.request('PUT', `/v1/customers/${watched}/consent`, { channel: 'sms', status: 'opted_out' }))
      .status,
  ).toBe(202);
  await eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${watched}`);
    return JSON.stringify(res.body?.consent ?? {}).includes('opted_out') ? true : undefined;
  });
  await eventually(async () =>
    (await h.request('GET', '/v1/decisions')).body.decisions.length === 1 ? true : undefined,
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function contact(customerId: string, body: Record<string, unknown>) {
  const res = await h.request('POST', `/v1/customers/${customerId}/contact-requests`, {
    id: `r-${uid()}`,
    ...body,
  });
  expect(res.status).toBe(200);
  return res.body as { decision: string; reason: string };
}

const table = () => page.getByRole('table', { name: 'The newest decisions first' });
const rowOf = (text: string) => table().getByRole('row').filter({ hasText: text });

describe('the Decisions page', () => {
  it('is a link after Journeys, and shows the newest decisions with their reasons', async () => {
    await page.goto(`${h.baseUrl}/app/`);
    await page.getByLabel('API key').fill(h.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Net sentiment' }).waitFor();
    const links = await page
      .getByRole('navigation', { name: 'Dashboard' })
      .getByRole('link')
      .allTextContents();
    expect(links.indexOf('Decisions')).toBe(links.indexOf('Journeys') + 1);

    await page.getByRole('link', { name: 'Decisions', exact: true }).click();
    await page.getByRole('heading', { name: 'Decisions', level: 1 }).waitFor();
    const receipt = rowOf(quiet);
    await receipt.waitFor();
    const cells = await receipt.getByRole('cell').allTextContents();
    expect(cells.slice(1)).toEqual([
      quiet,
      'sent',
      'okNothing stood in the way',
      'email',
      'transactional',
      'receipts',
    ]);
    expect(await receipt.getByRole('link', { name: quiet }).getAttribute('href')).toBe(
      `/app/customers/${quiet}`,
    );
    await page
      .getByTestId('live-state')
      .filter({ hasText: /^Live$/ })
      .waitFor();
    await expectAccessible(page, 'decisions');
  });

  it('shows a decision made through the API live, with its reason, and announces it politely', async () => {
    expect(
      await contact(watched, { channel: 'sms', category: 'promotion', campaign: 'flash-sale' }),
    ).toMatchObject({
      decision: 'suppressed',
      reason: 'opted_out',
    });
    const arrived = rowOf(watched);
    await arrived.waitFor({ timeout: 20_000 });
    expect(await arrived.textContent()).toContain('The customer opted out of this channel or category');
    // Newest first: above the receipt that was there before.
    const customers = await table().getByRole('row').allTextContents();
    expect(customers.findIndex((r) => r.includes(watched))).toBeLessThan(
      customers.findIndex((r) => r.includes(quiet)),
    );
    const announcement = page.locator('[aria-live="polite"]');
    expect(await announcement.textContent()).toMatch(new RegExp(`New decision: suppressed for ${watched}`));
    await expectAccessible(page, 'decisions, live');
  });

  it('filters by reason, and keeps following with the filter', async () => {
    // Every cap of the policy in force is a reason of its own, after the family of all caps.
    const reasons = await page.getByLabel('Reason').locator('option').allTextContents();
    expect(reasons.slice(0, 4)).toEqual([
      'Any reason',
      'ok — Nothing stood in the way',
      'frequency_cap — A frequency cap was reached',
      'frequency_cap:marketing-24h — Frequency cap “marketing-24h” reached',
    ]);
    await page.getByLabel('Reason').selectOption('opted_out');
    await page
      .getByTestId('live-state')
      .filter({ hasText: /^Live$/ })
      .waitFor();
    await rowOf(watched).waitFor();
    expect(await rowOf(quiet).count()).toBe(0);

    // Made while filtered: the receipt does not match, the second opted-out promotion does.
    await contact(quiet, { channel: 'email', category: 'transactional', campaign: 'receipts-2' });
    await contact(watched, { channel: 'sms', category: 'promotion', campaign: 'flash-sale-2' });
    await rowOf('flash-sale-2').waitFor({ timeout: 20_000 });
    expect(await rowOf('receipts-2').count()).toBe(0);
    expect(await table().getByRole('row').count()).toBe(3);

    await page.getByLabel('Channel').selectOption('email');
    await page.getByText(/No decision matches these filters yet/).waitFor();
    await page.getByLabel('Channel').selectOption('');
    await page.getByLabel('Reason').selectOption('');
    await rowOf('receipts-2').waitFor();
    await page.getByLabel('Campaign').fill('flash-sale-2');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    expect(await table().getByRole('row').nth(1).textContent()).toContain('flash-sale-2');
    await expectAccessible(page, 'decisions, filtered');
  });

  it('fits a phone screen: the table scrolls in its own box', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByLabel('Campaign').fill('');
      await rowOf('receipts-2').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      await expectAccessible(page, 'decisions, phone');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
