// The dashboard in a real browser (Debian's Chromium driven by playwright-core) against the real stack: the API
// serving the built web/ app, a worker running the real workflows, Temporal and FerretDB.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness';
import { createHarness, eventually, uid } from '../support/harness';
import { expectAccessible, launchChromium, signIn } from './chromium';

const TEMPORAL_UI = 'http://temporal-ui.test:8080';

let h: Harness;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const angry = `angry-${uid()}`;
const happy = `happy-${uid()}`;

beforeAll(async () => {
  [h, browser] = await Promise.all([createHarness({ temporalUiUrl: TEMPORAL_UI }), launchChromium()]).then(
    ([harness, chromium]) => [harness, chromium] as const,
  );
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();

  // Something to show: one unhappy customer (a case, service recovery, a promotion held back) and one happy one.
  await h.request('POST', '/v1/events', {
    events: [
      {
        id: `${angry}-1`,
        customerId: angry,
        type: 'message',
        channel: 'chat',
        text: 'The driver was rude and my parcel is lost. Awful.',
      },
      {
        id: `${happy}-1`,
        customerId: happy,
        type: 'message',
        channel: 'review',
        text: 'Absolutely love it, thank you so much!',
      },
      {
        id: `${happy}-2`,
        customerId: happy,
        type: 'message',
        channel: 'email',
        text: 'Great service, wonderful people, thanks!',
      },
    ],
  });
  await eventually(async () => {
    const res = await h.request('GET', `/v1/customers/${angry}`);
    return res.status === 200 && res.body.openCases.length === 1 ? true : undefined;
  });
  const promo = await h.request('POST', `/v1/customers/${angry}/contact-requests`, {
    id: `promo-${uid()}`,
    channel: 'email',
    category: 'promotion',
    campaign: 'winter-sale',
  });
  expect(promo.body).toMatchObject({ decision: 'suppressed', reason: 'open_case' });
  await eventually(async () => {
    const res = await h.request('GET', '/v1/metrics/sentiment');
    return res.body.total === 3 ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the dashboard', () => {
  it('is served at /app/ with a CSP that refuses inline scripts and other origins', async () => {
    const res = await page.goto(`${h.baseUrl}/app/`);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    // The policy is in force, not only sent: an inline script put into the page does not run.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    // A deep link is the same page (the router shows it), and a missing asset is a 404, not the page.
    expect((await fetch(`${h.baseUrl}/app/customers/${angry}`)).status).toBe(200);
    expect((await fetch(`${h.baseUrl}/app/assets/nope.js`)).status).toBe(404);
  });

  it('shows the API error for a bad key, then signs in with a good one and keeps it out of the URL', async () => {
    await page.getByLabel('API key').waitFor();
    await expectAccessible(page, 'sign-in');
    await signIn(page, 'tutti_admin_notarealkey000000000000000000');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This API key is not known.');

    await signIn(page, h.apiKey);
    await page.getByRole('heading', { name: 'Net sentiment' }).waitFor();
    expect(page.url()).not.toContain(h.apiKey);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(h.apiKey);
    for (const link of ['Overview', 'Customers', 'Policy']) {
      expect(await page.getByRole('link', { name: link, exact: true }).count()).toBe(1);
    }
  });

  it('draws net sentiment by channel from the events sent, with a table of the same numbers', async () => {
    // Every channel in one call (it was one per channel): the overview loaded again, its calls counted.
    const asked: string[] = [];
    const record = (request: { url(): string }) => {
      if (request.url().includes('/v1/metrics/sentiment')) asked.push(request.url());
    };
    page.on('request', record);
    await page.reload();
    const summary = page.getByTestId('nss-summary');
    await summary.waitFor();
    page.off('request', record);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('groupBy=channel');
    // Two positive messages and one negative: (2 − 1) / 3.
    expect(await summary.textContent()).toMatch(/NSS \+33\.3 from 3 scored messages/);
    const table = page.getByRole('table', { name: /Net sentiment per day/ });
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toEqual(
      expect.arrayContaining(['NSS, all channels', 'NSS, chat', 'NSS, email', 'NSS, review']),
    );
    const row = await table.getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(row.slice(0, 2)).toEqual(['3', '+33.3']);
    // The chart drew something: its canvas has pixels that are not blank.
    const inked = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="chart"] canvas');
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return 0;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(1000);

    for (const heading of ['Topics', 'At-risk customers', 'Contact pressure']) {
      await page.getByRole('heading', { name: heading }).waitFor();
    }
    const atRisk = page.getByRole('table', { name: /most recently active/ });
    await atRisk.waitFor();
    expect(await atRisk.getByRole('link', { name: angry }).count()).toBe(1);
    // What is being done for them: the recovery journey and the step it is at, in words.
    const angryRow = atRisk.getByRole('row', { name: new RegExp(angry) });
    expect(await angryRow.textContent()).toMatch(/Service recovery — \w/);
    const heldBack = page.getByRole('table', { name: 'Held back, by reason' });
    await heldBack.waitFor();
    expect(await heldBack.textContent()).toContain('open_case');
    await expectAccessible(page, 'overview');
  });

  it('finds a customer and shows the timeline with the decision reason, then resolves the case', async () => {
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByLabel('Customer ID').fill(angry);
    await page.getByLabel('Customer ID').press('Enter');
    await page.getByRole('heading', { name: `Customer ${angry}` }).waitFor();
    for (const heading of ['Sentiment', 'Timeline', 'Ledger', 'Journeys', 'Cases']) {
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    }
    const decision = page.locator('.timeline li.decision', { hasText: 'winter-sale' });
    await decision.waitFor();
    expect(await decision.textContent()).toMatch(/suppressed, reason open_case/);
    const message = page.locator('.timeline li.event', { hasText: 'parcel is lost' });
    expect(await message.textContent()).toMatch(/negative \(−0\.\d\d\)|negative \(-0\.\d\d\)/);

    const workflow = page.getByRole('link', { name: "Open this customer's workflow in the Temporal UI" });
    expect(await workflow.getAttribute('href')).toBe(
      `${TEMPORAL_UI}/namespaces/default/workflows/${encodeURIComponent(`customer:default:${angry}`)}`,
    );
    await expectAccessible(page, 'customer');

    await page.getByRole('button', { name: /^Resolve case / }).click();
    await page.getByText('No open case.').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('status').filter({ hasText: 'is resolved' }).count()).toBe(1);
    const customer = await h.request('GET', `/v1/customers/${angry}`);
    expect(customer.body.openCases).toEqual([]);
  });

  it("shows each journey's funnel and uplift", async () => {
    await page.getByRole('link', { name: 'Journeys', exact: true }).click();
    await page.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor();
    const recovery = page.getByRole('region', { name: 'serviceRecovery', exact: true });
    await recovery.getByRole('heading', { name: 'Funnel' }).waitFor();
    await recovery.getByRole('heading', { name: 'Uplift' }).waitFor();
    // The complaint sent above started one service recovery, which apologised.
    const funnel = recovery.getByRole('table', { name: /serviceRecovery, treatment arm: 1 entered/ });
    await funnel.waitFor();
    expect(
      await funnel
        .getByRole('row', { name: /apology/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe('1');
    await recovery.getByText(/No control arm in this period/).waitFor();
    await expectAccessible(page, 'journeys');
  });

  it('shows the policy in force', async () => {
    await page.getByRole('link', { name: 'Policy', exact: true }).click();
    await page.getByRole('heading', { name: 'Policy', level: 1 }).waitFor();
    await page.getByText(/Version 1 is in force/).waitFor();
    await page.getByText(/No version was published through the API/).waitFor();
    await expectAccessible(page, 'policy');

    // A new version, published through the API, is the one in force, with who published it in the history.
    const { version: _current, ...document } = (await h.request('GET', '/v1/policy')).body;
    expect((await h.request('PUT', '/v1/policy', document)).status).toBe(200);
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByRole('link', { name: 'Policy', exact: true }).click();
    await page.getByText(/Version 2 is in force/).waitFor();
    const history = page.getByRole('region', { name: 'History' });
    // Who published it comes from the audit trail, read beside the versions: wait for it.
    await history.getByRole('listitem').filter({ hasText: 'published' }).first().waitFor();
    expect(await history.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Version 2, published .* by development key$/),
    ]);
  });

  it('fits a phone screen: no page scrolls sideways, wide tables scroll in their own box', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const [link, heading] of [
        ['Overview', 'Net sentiment'],
        ['Customers', 'At-risk customers'],
        ['Journeys', 'Journeys'],
        ['Policy', 'Frequency caps'],
      ]) {
        await page.getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await page
          .getByRole('status')
          .filter({ hasText: /^Loading/ })
          .first()
          .waitFor({ state: 'detached' });
        expect([link, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([link, 390]);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('signs out, and is signed out when its key is revoked while the page is open', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    const made = await h.request('POST', '/v1/api-keys', { name: 'cx lead', role: 'member' });
    await signIn(page, made.body.key as string);
    // Signed in where it was signed out: the Policy page.
    await page.getByText(/Version 2 is in force/).waitFor();
    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByRole('heading', { name: 'Net sentiment' }).waitFor();
    expect((await h.request('DELETE', `/v1/api-keys/${made.body.id}`)).status).toBe(200);
    // Replicas trust what they read about a key for 2 s (api/auth.ts): the next page after that is refused.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await page.getByRole('link', { name: 'Policy', exact: true }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.getByRole('status').textContent()).toMatch(/no longer accepts this key.*revoked/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});
