/**
 * Who fetches a tracking link without a person behind it (docs/TRACKING.md, "Machine opens and clicks"):
 * mailbox privacy proxies that load every image on delivery, security gateways that follow every link to scan
 * it, link previews, and scripts. Their opens and clicks are recorded `machine: true` and kept apart from
 * people's (the workflow counts them under machine_*; reports leave them out).
 *
 * The rule is the user agent alone, as the tracking request sends it:
 * - none at all, or exactly `Mozilla/5.0` (what Apple Mail Privacy Protection's proxy sends: it loads the
 *   pixel of every message as it arrives, opened or not);
 * - a proxy or scanner that names itself: Google's image proxy (`GoogleImageProxy`, `ggpht.com`), Yahoo's
 *   (`YahooMailProxy`), Microsoft's link checks (`BingPreview`, `SafeLinks`, `Microsoft Office Existence
 *   Discovery`, `ms-office`), Barracuda, Mimecast, Proofpoint, Symantec, Trend Micro, Sophos, Cisco IronPort;
 * - headless browsers and HTTP libraries (`HeadlessChrome`, PhantomJS, curl, Wget, python-requests, Go,
 *   Java, okhttp, axios, node-fetch, libwww-perl, …), link previews (Slack, Facebook, Twitter, LinkedIn,
 *   WhatsApp, Telegram, Discord, Skype) and anything calling itself a bot, crawler or spider (but a Cubot
 *   phone is a person's).
 *
 * Gmail loads images through its proxy when the reader opens the message, so those opens are usually a person;
 * they are still marked machine, because the proxy hides who and when (and caches): counted apart, never lost.
 * What the rule cannot see: scanners that send a browser's user agent. A click within seconds of delivery
 * would catch some of them; it is not applied (docs/TRACKING.md).
 */
const MACHINE_AGENTS: readonly RegExp[] = [
  /GoogleImageProxy|ggpht\.com/i,
  /YahooMailProxy|Yahoo! Slurp/i,
  /BingPreview|SafeLinks|Microsoft Office Existence Discovery|ms-office|Microsoft Office Protocol Discovery/i,
  /Barracuda|Mimecast|Proofpoint|Symantec|Trend ?Micro|Sophos|IronPort|Forcepoint|FireEye|Zscaler/i,
  /HeadlessChrome|PhantomJS|Puppeteer|Playwright|Selenium|Lighthouse/i,
  /^(curl|Wget|HTTPie)\//i,
  /python-requests|python-urllib|aiohttp|Go-http-client|^Java\/|okhttp|axios|node-fetch|undici|libwww-perl|Apache-HttpClient|Scrapy/i,
  /Slackbot|facebookexternalhit|Twitterbot|LinkedInBot|WhatsApp|TelegramBot|Discordbot|SkypeUriPreview/i,
  /(bot|crawler|spider)\b/i,
];

/** People's devices whose names the bot pattern would take for a robot's. */
const HUMAN_DEVICES = /\bCUBOT\b/i;

export function isMachineUserAgent(userAgent: string | undefined): boolean {
  const agent = (userAgent ?? '').trim();
  if (agent === '' || agent === 'Mozilla/5.0') return true;
  return MACHINE_AGENTS.some((pattern) => pattern.test(agent)) && !HUMAN_DEVICES.test(agent);
}
