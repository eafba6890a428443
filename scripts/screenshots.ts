// `npm run screenshots [-- --seed]`: a picture of each dashboard page in docs/screenshots/, taken with Debian's
// Chromium (playwright-core) from the stack `npm run dev` runs (its port and development key). `--seed` first
// sends a small story (customers who complain, rave and abandon carts, messages asked for them) so no page is
// empty; without it the pages show what the stack already holds.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { readOrCreateDevelopmentKey } from '../api/developmentKey';
import { loadConfig } from '../platform/config';

const OUT = path.resolve(__dirname, '../docs/screenshots');
const CHROMIUM = '/usr/bin/chromium';

const { values: flags } = parseArgs({
  options: { seed: { type: 'boolean', default: false }, url: { type: 'string' } },
});

async function main(): Promise<void> {
  const config = loadConfig();
  const base = flags.url ?? `http://localhost:${config.port}`;
  const key = config.apiKey ?? readOrCreateDevelopmentKey(config.dataDir).key;
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${base}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  if (flags.seed) await seed(call);

  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const shot = async (name: string) => {
      // Every section has its answer (each says "Loading …" until then), and the charts have drawn.
      await page
        .getByRole('status')
        .filter({ hasText: /^Loading/ })
        .first()
        .waitFor({ state: 'detached' });
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
      console.log(`docs/screenshots/${name}.png`);
    };
    await page.goto(`${base}/app/`);
    await page.getByLabel('API key').waitFor();
    await shot('sign-in');
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Net sentiment' }).waitFor();
    await shot('overview');
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByLabel('Customer ID').waitFor();
    await shot('customers');
    await page.getByLabel('Customer ID').fill(DEMO_CUSTOMER);
    await page.getByLabel('Customer ID').press('Enter');
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await shot('customer');
    await page.getByRole('link', { name: 'Journeys', exact: true }).click();
    await page.getByRole('heading', { name: 'Journeys', level: 1 }).waitFor();
    await shot('journeys');
    await page.getByRole('link', { name: 'Decisions', exact: true }).click();
    await page.getByRole('heading', { name: 'Decisions', level: 1 }).waitFor();
    await shot('decisions');
    await page.getByRole('link', { name: 'Policy', exact: true }).click();
    await page.getByRole('heading', { name: 'Policy', level: 1 }).waitFor();
    await shot('policy');
  } finally {
    await browser.close();
  }
}

/** The customer whose page is pictured: the one the seeded story is about. */
const DEMO_CUSTOMER = 'demo-maya';

type Call = (method: string, route: string, body?: unknown) => Promise<unknown>;

/** A few days of a small shop's customers, as events dated in the past (backfill), and messages asked for them. */
async function seed(call: Call): Promise<void> {
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const said: [string, string, string, number][] = [
    ['demo-maya', 'chat', 'My parcel is two weeks late and nobody answers the phone. Awful service.', 2],
    ['demo-maya', 'email', 'Still waiting for a refund, this is ridiculous.', 30],
    ['demo-ben', 'review', 'Absolutely love the new jacket, fast delivery, thank you!', 5],
    ['demo-chloe', 'social', 'The staff at the store were rude and the queue was endless.', 20],
    ['demo-dan', 'chat', 'Thanks, the support agent sorted it out quickly.', 50],
    ['demo-ema', 'review', 'Great quality, fair price, will buy again.', 70],
    ['demo-farid', 'email', 'The app keeps logging me out at checkout.', 90],
    ['demo-gina', 'chat', 'Wonderful help from your team today, thanks so much!', 100],
    ['demo-hugo', 'social', 'Flight cancelled again and no rebooking offered.', 120],
  ];
  await call('POST', '/v1/events', {
    events: [
      ...said.map(([customerId, channel, text, ago], i) => ({
        id: `demo-${customerId}-${i}`,
        customerId,
        type: 'message',
        channel,
        text,
        occurredAt: hoursAgo(ago),
      })),
      {
        id: 'demo-maya-identify',
        customerId: 'demo-maya',
        type: 'identify',
        channel: 'web',
        properties: {
          traits: { name: 'Maya', email: 'maya@example.com', tier: 'gold', timezone: 'Europe/Paris' },
        },
        occurredAt: hoursAgo(200),
      },
      {
        id: 'demo-hugo-disruption',
        customerId: 'demo-hugo',
        type: 'disruption',
        channel: 'ops',
        properties: { kind: 'flight_cancelled', severity: 'high' },
        occurredAt: hoursAgo(121),
      },
    ],
  });
  // Let the workflows apply the events before asking for messages, so the decisions see the complaints.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  for (const customerId of ['demo-maya', 'demo-ben', 'demo-hugo', 'demo-ema']) {
    await call('POST', `/v1/customers/${customerId}/contact-requests`, {
      id: `demo-winter-sale-${customerId}`,
      channel: 'email',
      category: 'promotion',
      campaign: 'winter-sale',
      content: { subject: 'Winter sale', body: '20% off everything this week.' },
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 3_000));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
