import { afterEach, describe, expect, it, vi } from 'vitest';
import { PLAIN } from '../../src/core/trusted-types.js';
import { freshScript } from '../../src/gate/activate.js';
import { startEarly } from '../../src/gate/early.js';
import { createGate } from '../../src/gate/index.js';
import { whenIdle } from '../../src/core/idle.js';
import { normalizeConfig } from '../../src/core/config.js';
import { createConsent } from '../../src/core/controller.js';
import { memoryStorage } from '../../src/core/storage.js';
import { PRESETS } from '../../src/presets/index.js';
import { cleanup, flush, log, mount, ran, respond, scriptSources, SERVICES } from './helpers.js';

afterEach(cleanup);

const A = 'https://vendor.test/a.js';
const B = 'https://vendor.test/b.js';
const C = 'https://vendor.test/c.js';

describe('freshScript: the copy that runs (SPEC §6.1)', () => {
  it('copies every attribute but the gating ones (data-service stays, for the guard); data-type → type, data-src → src, set last', () => {
    document.body.innerHTML = `<script type="text/plain" data-consent="analytics" data-service="cnzz" data-type="module"
      data-src="${A}" async defer integrity="sha384-x" crossorigin="anonymous" referrerpolicy="no-referrer"
      id="s1" class="k" data-extra="1" onload="void 0"></script>`;
    const copy = freshScript(document.querySelector('script')!, PLAIN);
    const attributes = Object.fromEntries([...copy.attributes].map(a => [a.name, a.value]));
    expect(attributes).toEqual({
      'data-service': 'cnzz', type: 'module', src: A, async: '', defer: '', integrity: 'sha384-x', crossorigin: 'anonymous',
      referrerpolicy: 'no-referrer', id: 's1', class: 'k', 'data-extra': '1', onload: 'void 0',
    });
    expect(Object.keys(attributes).at(-1)).toBe('src');
  });

  // Regression: a live `src` left on gated markup was copied past the Trusted Types policy, before `data-service`.
  it('a live src left on gated markup goes through the policy, last', () => {
    document.body.innerHTML = `<script type="text/plain" data-consent="analytics" src="${A}" data-service="cnzz"></script>`;
    const urls: string[] = [];
    const copy = freshScript(document.querySelector('script')!, { ...PLAIN, url: (value: string) => (urls.push(value), value) });
    expect([urls, Object.keys(Object.fromEntries([...copy.attributes].map(a => [a.name, a.value])))]).toEqual([[A], ['data-service', 'src']]);
  });

  it('keeps the inline code and the nonce, and is a new node', () => {
    document.body.innerHTML = '<script type="text/plain" data-consent="analytics">var x = 1;</script>';
    const old = document.querySelector('script')!;
    // As a browser hides it under a CSP header ("nonce hiding"): the property keeps it, the attribute is gone, so
    // copying the attributes does not carry it (mutation probe).
    Object.defineProperty(old, 'nonce', { value: 'n0nce' });
    old.removeAttribute('nonce');
    const copy = freshScript(old, PLAIN);
    expect(copy).not.toBe(old);
    expect([copy.text, copy.nonce, copy.hasAttribute('type')]).toEqual(['var x = 1;', 'n0nce', false]);
  });
});

describe('activation', () => {
  it('nothing runs or loads before the grant, and the markup stays inert', async () => {
    mount(`<script type="text/plain" data-consent="analytics">${log('inline')}</script>
      <script type="text/plain" data-consent="analytics" data-src="${A}"></script>
      <img data-consent="pixel" data-src="https://px.test/p.gif"><iframe data-consent="share" data-src="https://share.test/"></iframe>`);
    await flush();
    expect(ran()).toEqual([]);
    expect(scriptSources()).toEqual([]);
    expect(document.querySelector('img')!.hasAttribute('src')).toBe(false);
    expect(document.querySelector('iframe')!.hasAttribute('src')).toBe(false);
  });

  it('keeps document order: an inline script waits for the external scripts before it; async ones do not wait', async () => {
    const { core } = mount(`
      <script type="text/plain" data-consent="analytics">${log('1 inline')}</script>
      <script type="text/plain" data-consent="analytics" data-src="${A}"></script>
      <script type="text/plain" data-consent="analytics">${log('3 inline after A')}</script>
      <script type="text/plain" data-consent="analytics" data-src="${B}"></script>
      <script type="text/plain" data-consent="analytics" data-src="${C}" async></script>`);
    core.save({ categories: { analytics: true } });
    await flush();
    expect(ran()).toEqual(['1 inline']);
    expect(scriptSources()).toEqual([A, C]); // B waits behind the inline script, C is async
    respond(A);
    await flush();
    expect(ran()).toEqual(['1 inline', '3 inline after A']);
    expect(scriptSources()).toEqual([A, B, C]);
    // The live copies sit where the gated nodes were.
    expect(document.body.querySelectorAll('script[data-consent]')).toHaveLength(0);
  });

  it('a failing script is reported with its service and does not stop the ones after it', async () => {
    const { core, errors } = mount(`
      <script type="text/plain" data-consent="analytics" data-service="cnzz" data-src="${A}"></script>
      <script type="text/plain" data-consent="analytics">${log('after the failure')}</script>`);
    core.acceptAll();
    await flush();
    respond(A, 'error');
    await flush();
    expect(ran()).toEqual(['after the failure']);
    expect(errors).toEqual([expect.objectContaining({ kind: 'load', service: 'cnzz', src: A })]);
  });

  it('each gated node activates once, whatever the changes', async () => {
    const { core } = mount(`<script type="text/plain" data-consent="analytics">${log('once')}</script>
      <img data-consent="analytics" data-src="https://px.test/p.gif">`);
    core.acceptAll();
    core.save({ categories: { analytics: false } });
    core.acceptAll();
    core.save({ categories: { share: false } });
    await flush();
    expect(ran()).toEqual(['once']);
    // One live copy, after the gated node (which stays, inert: a framework may own it).
    expect(document.querySelectorAll('script:not([type="text/plain"])')).toHaveLength(1);
  });

  it('several categories in data-consent must all be granted', async () => {
    const { core } = mount(`<script type="text/plain" data-consent="analytics share">${log('both')}</script>`);
    core.save({ categories: { analytics: true } });
    await flush();
    expect(ran()).toEqual([]);
    core.save({ categories: { share: true } });
    await flush();
    expect(ran()).toEqual(['both']);
  });

  it('data-service narrows the grant to that service', async () => {
    const { core } = mount(`<script type="text/plain" data-consent="analytics" data-service="cnzz">${log('cnzz')}</script>
      <script type="text/plain" data-consent="analytics" data-service="baidu-tongji">${log('tongji')}</script>`);
    core.save({ categories: { analytics: true }, services: { cnzz: false, 'baidu-tongji': true } });
    await flush();
    expect(ran()).toEqual(['tongji']);
  });

  it.each([
    ['an unknown service', 'data-consent="analytics" data-service="facebook"', 'facebook', 'names the service "facebook", which is not configured'],
    // Regression: the message said "another category" and left the developer to look up which.
    ['a service of another category', 'data-consent="analytics" data-service="weibo-share"', 'weibo-share', 'names the service "weibo-share", which belongs to the category "share"'],
    ['an unknown category', 'data-consent="analytic"', undefined, 'names the category "analytic", which is not configured'],
    ['no category at all', 'data-consent=""', undefined, 'names no category'],
  ])('%s stays inert for good and is reported once', async (_, attributes, service, said) => {
    const { core, errors } = mount(`<script type="text/plain" ${attributes}>${log('ran')}</script>`);
    core.acceptAll();
    core.save({ categories: { analytics: true } });
    await flush();
    expect(ran()).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ kind: 'gate', service, message: expect.stringContaining(said) })]);
  });

  it('bad markup already in the page is heard by listeners attached right after creation', async () => {
    const { core } = mount('<img data-consent="pixel" data-service="facebook" data-src="https://px.test/p.gif">');
    const heard: unknown[] = [];
    core.on('error', detail => heard.push(detail));
    await flush();
    expect(heard).toEqual([expect.objectContaining({ kind: 'gate', service: 'facebook' })]);
  });

  it('a gated script without an inert type (it ran by itself) is reported, not run a second time', async () => {
    const { core, errors } = mount(`<script data-consent="analytics">${log('self')}</script>`);
    core.acceptAll();
    await flush();
    expect(ran()).toEqual([]); // innerHTML scripts never run; the gate must not run it either
    expect(errors).toEqual([expect.objectContaining({ kind: 'gate' })]);
  });

  it('iframes, images and links get their real attributes', async () => {
    const { core } = mount(`<iframe data-consent="share" data-src="https://share.test/w"></iframe>
      <img data-consent="pixel" data-service="ocean-engine" data-src="https://px.test/p.gif" data-srcset="https://px.test/p2.gif 2x">
      <link data-consent="analytics" rel="stylesheet" data-href="https://cdn.test/s.css">`);
    core.acceptAll();
    await flush();
    expect(document.querySelector('iframe')!.getAttribute('src')).toBe('https://share.test/w');
    expect(document.querySelector('img')!.getAttribute('src')).toBe('https://px.test/p.gif');
    expect(document.querySelector('img')!.getAttribute('srcset')).toBe('https://px.test/p2.gif 2x');
    expect(document.querySelector('link')!.getAttribute('href')).toBe('https://cdn.test/s.css');
  });

  it('a <template> is replaced by its content, scripts in order, nested gates kept', async () => {
    const { core } = mount(`<p id="before"></p><template data-consent="share">
        <div id="widget">share</div>
        <script src="${A}"></script>
        <script>${log('template inline after A')}</script>
        <script type="text/plain" data-consent="analytics">${log('nested analytics')}</script>
      </template><p id="after"></p>`);
    core.save({ categories: { share: true } });
    await flush();
    expect(document.querySelector('template')).toBeNull();
    expect(document.querySelector('#before + #widget')).not.toBeNull();
    expect(ran()).toEqual([]);
    respond(A);
    await flush();
    expect(ran()).toEqual(['template inline after A']);
    core.save({ categories: { analytics: true } });
    await flush();
    expect(ran()).toEqual(['template inline after A', 'nested analytics']);
  });

  // Regression (SPA probe): Vue and React make a template with createElement and append its children to it, where the
  // parser puts them in its content: the grant replaced the template with its empty content, and the markup was gone.
  // Its children are shown where the framework keeps them (moved, a nested gated script that had run ran
  // again, and the framework's own removeChild of them would throw).
  it('a <template> a framework made, its markup as children, shows them in place, nested gates kept and run once', async () => {
    const { core } = mount('<p id="before"></p><p id="after"></p>');
    const template = document.createElement('template');
    template.setAttribute('data-consent', 'share');
    const widget = document.createElement('div');
    widget.id = 'widget';
    const nested = document.createElement('img');
    nested.id = 'nested-pixel';
    nested.setAttribute('data-consent', 'pixel');
    nested.setAttribute('data-src', 'https://px.test/nested.gif');
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.setAttribute('data-consent', 'analytics');
    script.text = log('nested analytics');
    template.append(widget, nested, script);
    document.getElementById('before')!.after(template);
    await flush();
    expect(template.content.childNodes).toHaveLength(0);
    core.save({ categories: { analytics: true } });
    await flush();
    expect(ran()).toEqual(['nested analytics']);
    expect(template.style.getPropertyValue('display')).toBe('');
    core.save({ categories: { analytics: true, share: true } });
    await flush();
    expect([template.isConnected, widget.parentNode, template.style.getPropertyValue('display'), template.style.getPropertyPriority('display')]).toEqual([true, template, 'contents', 'important']);
    expect(ran()).toEqual(['nested analytics']);
    expect(nested.getAttribute('src')).toBeNull();
    core.save({ categories: { analytics: true, share: true, pixel: true } });
    await flush();
    expect(nested.getAttribute('src')).toBe('https://px.test/nested.gif');
    expect(ran()).toEqual(['nested analytics']);
  });

  // #10.2: a gated script nested in an activated template ran with only the template's grant.
  it('a gated script or pixel nested in a <template> keeps its own gate, live src or not (SPEC §6.1)', async () => {
    const { core } = mount(`<template data-consent="share">
        <div id="widget">share</div>
        <script data-consent="pixel" data-service="ocean-engine" src="${B}"></script>
        <img id="nested-pixel" data-consent="pixel" data-service="ocean-engine" src="https://px.test/nested.gif">
      </template>`);
    core.save({ categories: { share: true } });
    await flush();
    expect(document.getElementById('widget')).not.toBeNull();
    expect(scriptSources()).not.toContain(B);
    const pixel = document.getElementById('nested-pixel')!;
    expect([pixel.getAttribute('src'), pixel.getAttribute('data-src')]).toEqual([null, 'https://px.test/nested.gif']);
    core.save({ services: { 'ocean-engine': true } });
    await flush();
    expect(scriptSources()).toContain(B);
    expect(pixel.getAttribute('src')).toBe('https://px.test/nested.gif');
  });

  // #10.11: a poster and a srcdoc were fetched before consent with no report; data-poster, data-srcdoc and
  // <object data-data> were unsupported; <video><source data-consent data-src> never played after the grant.
  it('every loading attribute waits as data-*: poster, srcdoc, object data, media sources (SPEC §6.1)', async () => {
    const load = vi.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => {});
    const { core } = mount(`<video id="v" data-consent="share" data-poster="https://cdn.test/poster.jpg" data-src="https://cdn.test/v.mp4"></video>
      <iframe id="f" data-consent="share" data-srcdoc="<p>widget</p>"></iframe>
      <object id="o" data-consent="share" data-data="https://cdn.test/o.svg"></object>
      <video id="w"><source id="s" data-consent="share" data-src="https://cdn.test/w.mp4" type="video/mp4"></video>`);
    core.save({ categories: { share: true } });
    await flush();
    expect(document.getElementById('v')!.getAttribute('poster')).toBe('https://cdn.test/poster.jpg');
    expect(document.getElementById('f')!.getAttribute('srcdoc')).toBe('<p>widget</p>');
    expect(document.getElementById('o')!.getAttribute('data')).toBe('https://cdn.test/o.svg');
    expect(document.getElementById('s')!.getAttribute('src')).toBe('https://cdn.test/w.mp4');
    // Each media element is told to pick its source again.
    expect(load.mock.contexts).toEqual(expect.arrayContaining([document.getElementById('v'), document.getElementById('w')]));
  });

  // Regression: user content a sanitiser kept (an `<iframe>` for video embeds, its `data-*`)
  // carried `data-consent="necessary" data-srcdoc="<script>…"`, and the gate made that HTML live as the page, with
  // its cookies and `parent`, on every visit, with no decision at all.
  it('a frame\'s HTML from markup is made live in an origin of its own; a sandbox the page wrote keeps its tokens but that one', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { core, errors } = mount(`<iframe id="ugc" data-consent="necessary" data-srcdoc="<script>parent.stolen = document.cookie</script>"></iframe>
      <iframe id="own" data-consent="share" sandbox="allow-scripts allow-same-origin allow-forms" data-srcdoc="<p>widget</p>"></iframe>
      <iframe id="none" data-consent="share" sandbox="" data-srcdoc="<p>static</p>"></iframe>`);
    await flush();
    const frame = (id: string) => document.getElementById(id) as HTMLIFrameElement;
    expect([frame('ugc').getAttribute('srcdoc'), frame('ugc').getAttribute('sandbox')]).toEqual(['<script>parent.stolen = document.cookie</script>', 'allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox']);
    core.save({ categories: { share: true } });
    await flush();
    expect(frame('own').getAttribute('sandbox')).toBe('allow-scripts allow-forms');
    // The page's own widget is told why, and how to keep the page's origin.
    expect(errors.map(e => e.message)).toEqual([expect.stringContaining('<iframe id="own" data-consent="share" sandbox="allow-scripts allow-same-origin allow-forms"')]);
    expect(errors[0]!.message).toContain('runs without allow-same-origin: a data-srcdoc runs in an origin of its own.');
    expect(frame('none').getAttribute('sandbox')).toBe('');
    expect(frame('none').getAttribute('srcdoc')).toBe('<p>static</p>');
  });

  // Regression: a granted image cloned by a carousel (its live src beside data-consent and
  // data-src, as the gate left it) was said to have been "fetched before consent".
  it('a granted element cloned after its grant is not said to have been fetched before consent', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { core, errors } = mount(`<div id="slide"><img data-consent="pixel" data-service="ocean-engine" data-src="https://px.test/a.gif"></div>`);
    core.save({ categories: { pixel: true }, services: { 'ocean-engine': true } });
    await flush();
    const slide = document.getElementById('slide')!;
    expect(slide.querySelector('img')!.getAttribute('src')).toBe('https://px.test/a.gif');
    document.body.append(slide.cloneNode(true));
    await flush();
    expect(errors.filter(e => e.message.includes('fetched before consent'))).toEqual([]);
    // Markup written after the grant with a live src, not as the gate leaves it, is the mistake it always was.
    document.body.insertAdjacentHTML('beforeend', '<img id="late" data-consent="pixel" data-service="ocean-engine" src="https://px.test/b.gif">');
    await flush();
    expect(errors.filter(e => e.message.includes('fetched before consent'))).toEqual([expect.objectContaining({ message: expect.stringContaining('<img id="late"') })]);
    warn.mockRestore();
  });

  it('a gated element whose loading attribute is live (fetched before consent) is reported, naming the attribute', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { errors } = mount(`<video data-consent="share" poster="https://cdn.test/p.jpg"></video><iframe data-consent="share" srcdoc="<p>x</p>"></iframe>`);
    await flush();
    expect(errors.map(e => e.message)).toEqual([
      expect.stringContaining('<video data-consent="share" poster="https://cdn.test/p.jpg"> was fetched before consent (its live poster): write data-poster instead.'),
      // Markup in a message is serialized, never echoed raw.
      expect.stringContaining('<iframe data-consent="share" srcdoc="&lt;p&gt;x&lt;/p&gt;"> was fetched before consent (its live srcdoc): write data-srcdoc instead.'),
    ]);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('late-inserted nodes activate when granted and stay inert when not; nothing after destroy()', async () => {
    const { core, gate } = mount('');
    core.save({ categories: { analytics: true } });
    document.body.insertAdjacentHTML('beforeend', `<div><script type="text/plain" data-consent="analytics">${log('late analytics')}</script>
      <script type="text/plain" data-consent="pixel">${log('late pixel')}</script></div>`);
    await flush();
    expect(ran()).toEqual(['late analytics']);
    gate.destroy();
    document.body.insertAdjacentHTML('beforeend', `<script type="text/plain" data-consent="analytics">${log('after destroy')}</script>`);
    core.acceptAll();
    await flush();
    expect(ran()).toEqual(['late analytics']);
  });

  // The observer queries only inserted elements that have elements inside (a list rendered at once cost a page 100 ms
  // of its work at 4× CPU when it queried every row, bench): markup in a row and a gated leaf are found either way.
  it.each([
    ['one insertion', 1],
    ['a list of 200 rendered at once', 200],
  ])('gated markup and placeholders inserted by %s: granted ones run, placeholders hide, the rest stays inert', async (_, rows) => {
    const { core } = mount('<main></main>');
    core.save({ categories: { analytics: true } });
    await flush();
    const main = document.querySelector('main')!;
    for (let i = 0; i < rows; i++) main.appendChild(document.createElement('div'));
    const row = document.createElement('div');
    row.innerHTML = `<p data-consent-placeholder="analytics">统计未开启</p><p data-consent-placeholder="pixel">广告监测未开启</p>
      <script type="text/plain" data-consent="analytics">${log('analytics in a row')}</script>
      <script type="text/plain" data-consent="pixel">${log('pixel in a row')}</script>`;
    main.appendChild(row);
    const leaf = document.createElement('script');
    leaf.type = 'text/plain';
    leaf.setAttribute('data-consent', 'analytics');
    leaf.text = log('analytics alone');
    main.appendChild(leaf);
    await flush();
    expect(ran()).toEqual(['analytics in a row', 'analytics alone']);
    expect([...row.querySelectorAll('p')].map(p => p.hidden)).toEqual([true, false]);
  });

  // Regression: scripts queued behind a slow one (up to the 10 s load timeout) ran after the grant was withdrawn.
  it('a script whose grant is withdrawn while it waits its turn (behind a slow one) stays inert, and runs after a new grant', async () => {
    const slow = 'https://vendor.test/slow-lib.js';
    const pixel = 'https://pixel.vendor.test/px.js';
    const { core } = mount(`
      <script type="text/plain" data-consent="analytics" data-src="${slow}"></script>
      <script type="text/plain" data-consent="pixel" data-service="ocean-engine" data-src="${pixel}"></script>
      <template data-consent="pixel"><script>${log('pixel in a template')}</script></template>`);
    core.acceptAll();
    await flush();
    expect(scriptSources()).toEqual([slow]);
    core.rejectAll();
    await flush();
    respond(slow);
    await flush();
    await flush();
    expect(scriptSources()).toEqual([slow]);
    expect(ran()).toEqual([]);
    core.acceptAll();
    await flush();
    await flush();
    expect(scriptSources()).toEqual([slow, pixel]);
    respond(pixel);
    await flush();
    await flush();
    expect(ran()).toEqual(['pixel in a template']);
  });

  it('an insertion is looked at where it happened, not by querying the whole document again', async () => {
    const { core } = mount('<main></main>');
    core.save({ categories: { analytics: true } });
    await flush();
    const wholeDocument = vi.spyOn(document, 'querySelectorAll');
    document.querySelector('main')!.insertAdjacentHTML('beforeend', `<section><img data-consent="analytics" data-src="https://px.test/row.gif"></section>`);
    await flush();
    expect(document.querySelector('section img')!.getAttribute('src')).toBe('https://px.test/row.gif');
    expect(wholeDocument).not.toHaveBeenCalled();
    wholeDocument.mockRestore();
  });

  it('after one share service allowed in context, markup naming no service waits for the whole category', async () => {
    const { core } = mount(
      `<iframe data-consent="share" data-src="https://widget.share.test/frame.html"></iframe>
      <img data-consent="share" data-service="weibo-share" data-src="https://weibo.test/icon.png">`,
      { services: ['weibo-share', 'qq-share'] } as never,
    );
    core.decide({ services: { 'weibo-share': true } }, 'contextual');
    await flush();
    expect([document.querySelector('iframe')!.getAttribute('src'), document.querySelector('img')!.getAttribute('src')]).toEqual([null, 'https://weibo.test/icon.png']);
    expect([core.granted('share'), core.granted('share', 'weibo-share')]).toEqual([false, true]);
    // Allowing the category in context (a request naming no service) grants the services in it.
    core.decide({ categories: { share: true } }, 'contextual');
    await flush();
    expect(document.querySelector('iframe')!.getAttribute('src')).toBe('https://widget.share.test/frame.html');
  });

  it('a node that becomes gated or a placeholder after its insertion is looked at then', async () => {
    const { core } = mount('<main></main>');
    core.acceptAll();
    await flush();
    const img = document.createElement('img');
    const placeholder = document.createElement('div');
    document.querySelector('main')!.append(img, placeholder);
    await flush();
    img.setAttribute('data-src', 'https://px.test/p.gif');
    img.setAttribute('data-consent', 'pixel');
    placeholder.setAttribute('data-consent-placeholder', 'share');
    await flush();
    expect(img.getAttribute('src')).toBe('https://px.test/p.gif');
    expect(placeholder.hidden).toBe(true);
  });

  it('while the page parses, a node with nothing after it waits: its text may still be arriving', async () => {
    // The gate reads the document's own readyState (markup named readyState may shadow it on document): the
    // prototype's getter is what says the page is still parsing.
    const loading = vi.spyOn(Document.prototype, 'readyState', 'get').mockReturnValue('loading');
    try {
      const { core } = mount('');
      core.save({ categories: { analytics: true } });
      const partial = document.createElement('script');
      partial.type = 'text/plain';
      partial.dataset.consent = 'analytics';
      partial.text = `${log('first chunk')};`;
      document.body.append(partial);
      await flush();
      expect(ran()).toEqual([]);
      partial.text += log('second chunk');
      document.body.append(document.createTextNode('\n')); // the parser moves on past </script>
      await flush();
      expect(ran()).toEqual(['first chunk', 'second chunk']);

      const last = document.createElement('img');
      last.dataset.consent = 'analytics';
      last.dataset.src = 'https://px.test/last.gif';
      document.body.append(last);
      await flush();
      expect(last.hasAttribute('src')).toBe(false);
      loading.mockRestore();
      document.dispatchEvent(new Event('DOMContentLoaded'));
      expect(last.getAttribute('src')).toBe('https://px.test/last.gif');
    } finally {
      loading.mockRestore();
    }
  });

  it('placeholders show while the grant is missing and hide once it holds', async () => {
    const { core } = mount(`<div id="p1" data-consent-placeholder="share">需要同意</div>
      <div id="p2" data-consent-placeholder="share" data-service="weibo-share"></div>`);
    const hidden = () => ['#p1', '#p2'].map(id => document.querySelector<HTMLElement>(id)!.hidden);
    expect(hidden()).toEqual([false, false]);
    // The category on with its only service off: a placeholder naming no service stays too.
    core.save({ categories: { share: true }, services: { 'weibo-share': false } });
    expect(hidden()).toEqual([false, false]);
    core.save({ services: { 'weibo-share': true } });
    expect(hidden()).toEqual([true, true]);
    core.save({ categories: { share: false } });
    expect(hidden()).toEqual([false, false]);
  });
  // Regression: user content a sanitiser kept (`data-*` values are not checked) turned into a live
  // `javascript:` link once its category (`necessary` is always granted) held.
  it('a deferred URL that runs script (data-href="javascript:…") is never made live, and is said (SPEC §6.4)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { core, errors } = mount(`<a id="a" href="https://ooopic.test/safe" data-consent="necessary" data-href="  JaVa&#x09;script:document.ran.push('xss')">x</a>
      <iframe id="f" data-consent="share" data-src="javascript:parent.document.ran.push('frame')"></iframe>
      <img id="i" data-consent="share" data-src="https://px.test/ok.gif">
      <iframe id="v" data-consent="share" data-src="VBScript:msgbox(1)"></iframe>`);
    core.save({ categories: { share: true } });
    await flush();
    expect(document.getElementById('a')!.getAttribute('href')).toBe('https://ooopic.test/safe');
    expect(document.getElementById('f')!.hasAttribute('src')).toBe(false);
    expect(document.getElementById('v')!.hasAttribute('src')).toBe(false);
    expect(document.getElementById('i')!.getAttribute('src')).toBe('https://px.test/ok.gif');
    expect(errors.map(e => e.message)).toEqual([
      expect.stringContaining('that runs script: it stays closed'),
      expect.stringContaining('that runs script: it stays closed'),
      expect.stringContaining('that runs script: it stays closed'),
    ]);
  });

  // Regression: user content a sanitiser kept carrying `<base data-consent="analytics" data-href="https://evil.test/">`
  // moved the page's base URL on the grant (on the next visit at once; with "necessary" with no decision at all): a
  // login form's relative action and every later relative script went to that host.
  it('a gated <base> from markup is never made live, and is said (SPEC §6.4)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = document.baseURI;
    const { core, errors } = mount(`<div class="comment"><base id="b" data-consent="necessary" data-href="https://evil.test/"></div>
      <base id="c" data-consent="analytics" data-href="https://evil.test/">`);
    core.save({ categories: { analytics: true } });
    await flush();
    expect([document.getElementById('b')!.hasAttribute('href'), document.getElementById('c')!.hasAttribute('href')]).toEqual([false, false]);
    expect(document.baseURI).toBe(before);
    expect(errors.map(e => e.message)).toEqual([
      expect.stringContaining('<base id="b" data-consent="necessary"'),
      expect.stringContaining('<base id="c" data-consent="analytics"'),
    ]);
    expect(errors[0]!.message).toContain('would move every URL of the page; it stays closed.');
  });

  // Regression: a frame's HTML from markup kept a sandbox's allow-top-navigation: user content's frame could send
  // the visitor's page to a look-alike login.
  it('a frame\'s HTML from markup may not navigate the page: allow-top-navigation tokens are dropped', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { core } = mount(`<iframe id="t" data-consent="share" sandbox="allow-scripts allow-top-navigation allow-top-navigation-by-user-activation allow-forms" data-srcdoc="<p>x</p>"></iframe>`);
    core.save({ categories: { share: true } });
    await flush();
    expect(document.getElementById('t')!.getAttribute('sandbox')).toBe('allow-scripts allow-forms');
  });

  // Regression: a `<template>` inside SVG (no `content`) threw as it was activated, and the gated nodes after it in the
  // same insertion never were.
  it('a gated <template> inside SVG activates as any element; the nodes after it still activate', async () => {
    const { core } = mount(`<main></main>`);
    core.save({ categories: { share: true } });
    await flush();
    document.querySelector('main')!.insertAdjacentHTML('beforeend',
      `<svg><template data-consent="share"></template></svg><img id="after" data-consent="share" data-src="https://px.test/after.gif">`);
    await flush();
    await flush();
    expect(document.getElementById('after')!.getAttribute('src')).toBe('https://px.test/after.gif');
  });

  // Regression: SVG images, image preloads and the sources of a gated picture or video inside an
  // activated template were fetched with the template's grant, not their own.
  it('in a <template>, an SVG image, an imagesrcset preload and the sources of a gated picture or video keep their own gate', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'load').mockImplementation(() => {});
    const { core } = mount(`<template data-consent="share">
        <svg><image id="svg" data-consent="pixel" xlink:href="https://px.test/x.gif"></image></svg>
        <link id="l" rel="preload" as="image" data-consent="pixel" imagesrcset="https://px.test/l.gif 1x">
        <picture id="p" data-consent="pixel"><source id="ps" srcset="https://px.test/p.gif"><img id="pi" data-src="https://px.test/pi.gif"></picture>
        <video id="v" data-consent="pixel"><source id="vs" src="https://px.test/v.mp4"></video>
      </template>`);
    core.save({ categories: { share: true } });
    await flush();
    const attrs = (id: string) => Object.fromEntries([...document.getElementById(id)!.attributes].filter(a => /(src|href)/.test(a.name)).map(a => [a.name, a.value]));
    expect([attrs('svg'), attrs('l'), attrs('ps'), attrs('vs')]).toEqual([
      { 'data-href': 'https://px.test/x.gif' },
      { 'data-imagesrcset': 'https://px.test/l.gif 1x' },
      { 'data-srcset': 'https://px.test/p.gif' },
      { 'data-src': 'https://px.test/v.mp4' },
    ]);
    core.save({ categories: { pixel: true } });
    await flush();
    expect([attrs('svg').href, attrs('l').imagesrcset, attrs('ps').srcset, attrs('pi').src, attrs('vs').src]).toEqual([
      'https://px.test/x.gif', 'https://px.test/l.gif 1x', 'https://px.test/p.gif', 'https://px.test/pi.gif', 'https://px.test/v.mp4',
    ]);
  });

  // Regression: these were fetched before consent with nothing said.
  it('a live SVG xlink:href and the live sources of a gated video are reported, naming the fix', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { errors } = mount(`<svg><image data-consent="pixel" xlink:href="https://px.test/x.gif"></image></svg>
      <video data-consent="share"><source src="https://cdn.test/v.mp4"></video>`);
    await flush();
    expect(errors.map(e => e.message)).toEqual([
      expect.stringContaining('(its live xlink:href): write data-href instead.'),
      expect.stringContaining('(its live source src): write data-src on its <source> instead.'),
    ]);
  });

  // Regression: the browser runs these types, the gate took them for inert and ran them again.
  it.each(['text/javascript1.5', ' text/javascript ', 'application/x-ecmascript', 'TEXT/JSCRIPT'])(
    'a gated script of type "%s" (the browser ran it) is reported, not run a second time',
    async type => {
      const { core, errors } = mount(`<script data-consent="analytics" type="${type}">${log('self')}</script>`);
      core.acceptAll();
      await flush();
      expect(ran()).toEqual([]);
      expect(errors).toEqual([expect.objectContaining({ kind: 'gate', message: expect.stringContaining('ran already: add type="text/plain"') })]);
    },
  );

  // Regression: a nomodule script fires neither load nor error where modules run, so the ordered
  // queue waited 10 s for it and then reported a failure.
  it('a gated script the browser will not run (nomodule, a data type) does not hold the queue back', async () => {
    ran();
    const { core, errors } = mount(`<script type="text/plain" data-consent="analytics" nomodule data-src="${A}"></script>
      <script type="text/plain" data-consent="analytics" data-type="text/x-template" data-src="${B}"></script>
      <script type="text/plain" data-consent="analytics">${log('next')}</script>`);
    core.acceptAll();
    await flush();
    await flush();
    expect(ran()).toEqual(['next']);
    expect(errors).toEqual([]);
  });

  // Regression: an activated inline snippet's document.write (CNZZ's, many ad snippets') opened a
  // new document and wiped the page.
  it("an activated inline script's document.write goes after it, its scripts in order and gated nodes kept", async () => {
    const { core } = mount(`<p id="page">page</p><script type="text/plain" data-consent="analytics">
        document.write('<span id="w1">icon</span><script src="${A}"><\\/script>');
        document.writeln('<img id="w2" data-consent="pixel" src="https://px.test/w.gif">');
        document.ran.push('inline');
      </script><p id="end"></p><script type="text/plain" data-consent="analytics">${log('next')}</script>`);
    core.save({ categories: { analytics: true } });
    await flush();
    expect(document.getElementById('page')).not.toBeNull();
    expect(document.querySelector('#w1 + script + img#w2 + p#end')).not.toBeNull();
    expect(document.getElementById('w2')!.getAttribute('data-src')).toBe('https://px.test/w.gif');
    expect(ran()).toEqual(['inline']);
    expect(scriptSources()).toEqual([A]);
    respond(A);
    await flush();
    expect(ran()).toEqual(['inline', 'next']);
    expect(Object.getOwnPropertyDescriptor(document, 'write')).toBeUndefined();
  });

  // Regression: what a snippet writes went through the SDK's Trusted Types policy, which passes anything
  // (`document.write(location.hash)` became live HTML on a page enforcing Trusted Types).
  it("a snippet's document.write is written as a plain string, never blessed by the SDK's Trusted Types policy", async () => {
    // A controller with this gate only (mount() brings a gate of its own, which would activate the snippet first).
    const core = createConsent(normalizeConfig({ services: SERVICES, reloadOnRevoke: false }, PRESETS), { storage: memoryStorage(), tabSync: false, warn: () => {} });
    const blessed: string[] = [];
    const trust = { ...PLAIN, html: (value: string) => (blessed.push(value), value) };
    const gate = createGate(core, startEarly(core), { idle: whenIdle, trust });
    document.body.innerHTML = `<script type="text/plain" data-consent="analytics">document.write('<b id="w">x</b>')</script>`;
    core.acceptAll();
    await flush();
    expect(document.getElementById('w')).not.toBeNull();
    expect(blessed).toEqual([]);
    gate.destroy();
    core.destroy();
  });

  // A React app that renders a gated script conditionally removes it with `parent.removeChild(script)`, which threw once
  // the gate had replaced the node with its live copy: React then unmounted the whole app.
  it('regression: a gated script an SPA framework rendered is still its child once granted, so the framework can remove it', async () => {
    const { core } = mount('<section></section>');
    ran();
    const section = document.querySelector('section')!;
    const [inline, external] = ['', A].map(src => {
      const script = document.createElement('script');
      script.type = 'text/plain';
      script.setAttribute('data-consent', 'analytics');
      if (src) script.setAttribute('data-src', src);
      else script.text = log('framework inline');
      return section.appendChild(script);
    });
    await flush();
    core.acceptAll();
    await flush();
    respond(A);
    await flush();
    expect([ran(), scriptSources()]).toEqual([['framework inline'], [A]]);
    // What stays of the gated nodes is no gated markup: no gate runs it again, no check takes it for a slip.
    expect(section.querySelectorAll('[data-consent],[data-src]')).toHaveLength(0);
    expect(() => [inline, external].forEach(script => section.removeChild(script!))).not.toThrow();
  });

  // Since the markup stays beside its live copy, both carried its id: `getElementById` found the inert one, so a
  // snippet that sets a gated placeholder's `src` later (Baidu share's `bdshell_js`) set it where nothing runs.
  it('regression: a granted gated script\'s id belongs to the script that runs, not to the inert markup left beside it', async () => {
    const { core } = mount(`<script type="text/plain" data-consent="analytics" id="bdshell_js"></script>
      <script type="text/plain" data-consent="analytics" id="hm" data-src="${A}"></script>`);
    core.acceptAll();
    await flush();
    respond(A);
    await flush();
    expect([document.querySelectorAll('#bdshell_js').length, document.querySelectorAll('#hm').length]).toEqual([1, 1]);
    expect([document.getElementById('bdshell_js')!.getAttribute('type'), document.getElementById('hm')!.getAttribute('src')]).toEqual([null, A]);
  });

  // Regression: a script taken out while it waited its turn (a kept-alive SPA route) stayed inert for
  // good once put back.
  it('a gated script taken out before its turn and put back later runs then', async () => {
    const { core } = mount(`<script type="text/plain" data-consent="analytics" data-src="${A}"></script>
      <div id="route"><script type="text/plain" data-consent="analytics">${log('route')}</script></div>`);
    core.acceptAll();
    await flush();
    const route = document.getElementById('route')!;
    route.remove();
    respond(A);
    await flush();
    expect(ran()).toEqual([]);
    document.body.append(route);
    await flush();
    expect(ran()).toEqual(['route']);
  });
});
