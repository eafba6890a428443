import { describe, expect, it } from 'vitest';
import type { LinkTracking } from '../../../domain/tracking/rewriteLinks';
import { rewriteLinks, withoutTrailingPunctuation } from '../../../domain/tracking/rewriteLinks';

const BASE = 'https://t.acme.test';
/** A token maker that shows which URL each tracked link stands for. */
const tracking: LinkTracking = {
  base: BASE,
  click: (url) => `${BASE}/t/c/[${url}]`,
  openPixel: `${BASE}/t/o/open.gif`,
};
const noPixel: LinkTracking = { base: BASE, click: tracking.click };

describe('rewriting the links of a message', () => {
  it('tracks every http(s) link of the HTML, in any case and any quoting', () => {
    const html = [
      '<a href="https://shop.example/a">A</a>',
      "<A HREF='http://shop.example/b' class=x>B</A>",
      '<a class="btn" href=https://shop.example/c>C</a>',
      '<a\n  title="1 > 0"\n  href = "HTTPS://Shop.example/D?x=1&amp;y=2">D</a>',
    ].join('\n');
    expect(rewriteLinks({ html }, noPixel).html).toBe(
      [
        `<a href="${BASE}/t/c/[https://shop.example/a]">A</a>`,
        `<A HREF="${BASE}/t/c/[http://shop.example/b]" class=x>B</A>`,
        `<a class="btn" href="${BASE}/t/c/[https://shop.example/c]">C</a>`,
        // The URL the browser would have followed: entities decoded; written back escaped.
        `<a\n  title="1 > 0"\n  href = "${BASE}/t/c/[HTTPS://Shop.example/D?x=1&amp;y=2]">D</a>`,
      ].join('\n'),
    );
  });

  it('leaves mailto:, tel:, anchors, relative and tracked links, and hrefs of other tags, as they are', () => {
    const html = [
      '<a href="mailto:help@acme.test">mail</a>',
      '<a href="tel:+441234">call</a>',
      '<a href="#top">top</a>',
      '<a href="/relative">rel</a>',
      '<a href="javascript:alert(1)">js</a>',
      `<a href="${BASE}/t/c/already">tracked</a>`,
      '<link href="https://cdn.example/style.css">',
      '<area href="https://shop.example/map">',
      '<abbr title="https://shop.example/x">x</abbr>',
      '<a name="anchor">no href</a>',
      '<a data-href="https://shop.example/data">data</a>',
    ].join('\n');
    expect(rewriteLinks({ html }, noPixel).html).toBe(html);
  });

  it('adds the open pixel before </body>, or at the end without one', () => {
    expect(rewriteLinks({ html: '<html><body><p>Hi</p></body></html>' }, tracking).html).toBe(
      `<html><body><p>Hi</p><img src="${BASE}/t/o/open.gif" width="1" height="1" alt=""></body></html>`,
    );
    expect(rewriteLinks({ html: '<p>Hi</p>' }, tracking).html).toBe(
      `<p>Hi</p><img src="${BASE}/t/o/open.gif" width="1" height="1" alt="">`,
    );
  });

  it('tracks URLs in text, leaving the punctuation around them to the sentence', () => {
    const text =
      'New shoes: https://shop.example/shoes. Sizes (https://shop.example/sizes), or see https://en.wikipedia.org/wiki/Shoe_(footwear)! Write to help@acme.test or <https://shop.example/help>.';
    expect(rewriteLinks({ text }, tracking).text).toBe(
      `New shoes: ${BASE}/t/c/[https://shop.example/shoes]. Sizes (${BASE}/t/c/[https://shop.example/sizes]), or see ${BASE}/t/c/[https://en.wikipedia.org/wiki/Shoe_(footwear)]! Write to help@acme.test or <${BASE}/t/c/[https://shop.example/help]>.`,
    );
  });

  it('leaves the subject, tracked URLs in text, and URLs too long for a token alone', () => {
    const long = `https://shop.example/${'x'.repeat(3000)}`;
    const parts = {
      subject: 'See https://shop.example/sale',
      text: `Already ${BASE}/t/c/abc and ${long}`,
    };
    expect(rewriteLinks(parts, tracking)).toEqual(parts);
  });

  it('cuts sentence punctuation, not URL characters', () => {
    expect(withoutTrailingPunctuation('https://a.example/x?q=1).')).toBe('https://a.example/x?q=1');
    expect(withoutTrailingPunctuation('https://a.example/(x)')).toBe('https://a.example/(x)');
    expect(withoutTrailingPunctuation('https://a.example/x/')).toBe('https://a.example/x/');
  });
});
