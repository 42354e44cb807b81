/*
 * The QA panel: outside the SDK's shadow root, on the public API only, with either build's controller (the
 * script tag's `ConsentGate`, the SPA's npm `consent`; emulate.js hands it over). Controls first (emulation, age,
 * policy, clock, faults, views), then what happened: the SDK's state and raw cookie, the other cookies, the SDK's
 * events (kept across reloads by emulate.js), tracker activity in time order (Resource Timing of /vendor… and
 * other origins' requests, what each fake tracker reports, what the network guard held), and the receipts the demo
 * server received. Every control has a `data-qa` name.
 */
(function () {
  var panel = document.getElementById('qa');
  if (!panel) return;
  var qa = window.demoQA || {};
  var DAY = 864e5;
  var activity = [];
  var receipts = [];
  var lastRequest = '';
  var cg;

  var stored = window.demoQAStored || {};

  function store(change) {
    // What the panel stored, plus the change: this page's URL parameters stay this page's.
    var next = Object.assign({}, stored, change);
    sessionStorage.setItem('cg-demo', JSON.stringify(next));
    // A URL parameter would win over the stored switch: drop the ones the panel just set.
    var url = new URL(location.href);
    Object.keys(change).forEach(function (key) { url.searchParams.delete(key); });
    if (url.href !== location.href) location.replace(url.href);
    else location.reload();
  }

  /**
   * Adds an entry in time order. The sources report late and out of turn: Resource Timing delivers its entries in
   * batches (a script's request is often listed after the script said it ran), so arrival order is not time order.
   * Entries of one time keep their arrival order.
   */
  function note(entry) {
    var i = activity.length;
    while (i > 0 && activity[i - 1].at > entry.at) i--;
    activity.splice(i, 0, entry);
    render();
  }
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        // A resource of an invalid URL (a test's <link rel=preload href="http://[">) has it as its name: not listed,
        // and not thrown into the page.
        var url;
        try { url = new URL(e.name); } catch (invalid) { return; }
        // The fakes under /vendor/, and every other origin: the untagged snippets of the guard pages ask for the
        // vendors' real addresses (the service worker, or a test, answers them), and the demo loads nothing else from
        // another origin.
        var local = url.origin === location.origin;
        if (local && url.pathname.indexOf('/vendor') !== 0) return;
        // A held beacon, socket or event stream goes to the refused port 1 (README, network guard): the hold, listed
        // below as 网络守卫拦下, not a request that reached anybody.
        if (url.host === '127.0.0.1:1') return;
        var code = e.responseStatus && e.responseStatus !== 200 ? ' · HTTP ' + e.responseStatus : '';
        note({ at: Math.round(e.startTime), what: e.initiatorType + ' ' + (local ? url.pathname.replace(/^\/vendor\//, '') : url.host + url.pathname) + code });
      });
    }).observe({ type: 'resource', buffered: true });
  } catch (e) { /* Resource Timing unavailable */ }
  // What the fake trackers ran, as emulate.js noted it from the first script on (a granted tracker can run before
  // this deferred panel does).
  var runsSeen = 0;
  function trackerRuns() {
    var runs = window.demoTrackerRuns || [];
    runs.slice(runsSeen).forEach(function (run) { note({ at: run.at, what: run.name + ' 已运行', cookies: run.cookies }); });
    runsSeen = runs.length;
  }
  window.addEventListener('demo:tracker', trackerRuns);
  trackerRuns();
  // What the network guard held (SPEC §6.6): a line per held request, in the same time order.
  var heldSeen = 0;
  function heldRequests() {
    var list = window.demoHeld || [];
    list.slice(heldSeen).forEach(function (h) { note({ at: h.at, what: '网络守卫拦下 ' + h.kind + ' ' + h.url + '（' + h.service + '）' }); });
    heldSeen = list.length;
  }
  window.addEventListener('demo:held', heldRequests);
  heldRequests();
  window.addEventListener('demo:event', function () { render(); });
  // The SDK also removes cookies without an event (what is not granted, once its gate file has arrived: a stale or
  // outdated record's trackers' cookies): the Cookie read-out follows the jar itself, or it lists cookies already gone.
  var cookiesShown;
  // Receipts the SDK keeps until the log confirms them (README: receipts kept for the next page). They are sent again
  // once the next page is idle, after this panel first asked the log: the list is asked again when the outbox changes.
  var outboxShown = outbox();
  setInterval(function () {
    if (outbox() !== outboxShown) { outboxShown = outbox(); loadReceipts(); }
    else if (document.cookie !== cookiesShown) render();
  }, 500);
  /** The outbox's keys, one per receipt (src/core/receipt.ts), as one string that changes when it does. */
  function outbox() {
    try { return Object.keys(localStorage).filter(function (key) { return key.indexOf('consent-gate:receipt:') === 0; }).sort().join(' '); } catch (e) { return ''; }
  }
  function waiting() {
    return outbox() ? outbox().split(' ').length : 0;
  }

  /** Consent ids this tab has seen (a reset starts a new one): the receipts shown are this visitor's. */
  function ids(add) {
    var list = [];
    try { list = JSON.parse(sessionStorage.getItem('cg-demo-ids') || '[]'); } catch (e) { list = []; }
    if (add && list.indexOf(add) < 0) {
      list.push(add);
      try { sessionStorage.setItem('cg-demo-ids', JSON.stringify(list)); } catch (e) { /* storage denied */ }
    }
    return list;
  }
  function loadReceipts() {
    fetch('/receipts').then(function (r) { return r.json(); }).then(function (list) {
      var mine = ids();
      receipts = list.filter(function (r) { return mine.indexOf(r.consentId) >= 0; }).slice(-10).reverse();
      render();
    }).catch(function () {});
  }

  function esc(text) { return String(text).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function flag(on) { return '<span class="' + (on ? 'on' : 'off') + '">' + (on ? '✔' : '✘') + '</span>'; }
  function options(name, list, current) {
    return '<select data-qa="' + name + '">' + list.map(function (v) { return '<option' + (v === current ? ' selected' : '') + '>' + v + '</option>'; }).join('') + '</select>';
  }
  function check(name, label, on) {
    return '<label><input type="checkbox" data-qa="' + name + '"' + (on ? ' checked' : '') + '>' + label + '</label>';
  }
  function button(name, label) { return '<button type="button" data-qa="' + name + '">' + label + '</button>'; }
  /**
   * A row of controls named by its visible label, so a screen reader says "时钟, +179 天", not a bare "+179 天", and
   * the fault links "SDK 文件失败（本页）, gate.js".
   */
  function group(id, label, inner) {
    return '<p role="group" aria-labelledby="qa-' + id + '"' + (id === 'fail' ? ' data-qa="fail"' : '') + '><span id="qa-' + id + '">' + label + '</span> ' + inner + '</p>';
  }
  function decode(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; } // a damaged cookie is shown as it is
  }
  function day(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function events() {
    try { return JSON.parse(sessionStorage.getItem('cg-demo-events') || '[]'); } catch (e) { return []; }
  }
  function cookies() {
    return document.cookie ? document.cookie.split('; ') : [];
  }
  function cookieName() { return (cg && cg.config && cg.config.cookie.name) || 'cg_consent'; }

  /**
   * Whether a raw record's `h` matches: FNV-1a (32 bit, base 36) of everything before `&h=`, as the README's "The
   * consent cookie" defines it for servers. A value that fails is no record to the SDK.
   */
  function isIntact(raw) {
    var cut = raw.lastIndexOf('&h=');
    if (cut < 0) return false;
    var hash = 0x811c9dc5;
    for (var i = 0; i < cut; i++) hash = Math.imul(hash ^ raw.charCodeAt(i), 0x01000193);
    return (hash >>> 0).toString(36) === raw.slice(cut + 3);
  }

  /**
   * When the stored decision stops applying: acceptDays (365) after a grant, rejectDays (180) after a refusal.
   * Read from the raw cookie as the server would (a = how it was decided; t = when, base 36 ms, or u's time where
   * format 3 leaves it out; c = granted categories), so an expired or outdated record still shows when it was made.
   */
  function expiry(raw) {
    if (raw && !isIntact(raw)) return 'cg_consent 已损坏（校验和不符）：视为没有记录，尚未决定';
    var fields = new URLSearchParams(raw || '');
    if (!fields.get('a')) return '尚未决定';
    var at = parseInt(fields.get('t') || fields.get('u'), 36);
    var granted = (fields.get('c') || '').split('.').some(function (c) { return c && c !== 'necessary'; });
    var days = granted ? 365 : 180;
    var left = Math.ceil((at + days * DAY - Date.now()) / DAY);
    return '决定于 ' + day(at) + '（' + fields.get('a') + '）· ' + (granted ? '同意' : '拒绝') + '有效 ' + days + ' 天，到期 ' +
      day(at + days * DAY) + (left > 0 ? '（还剩 ' + left + ' 天）' : '（已过期）');
  }

  /** The controls: built once, then only their values follow the state, so focus and an open select survive. */
  function controls(s) {
    // The switch moves the local fake of CNZZ's gated markup (emulate.js): shown where the page has that markup (gated, or
    // activated already), not wherever CNZZ is configured (the guard pages' untagged snippet asks for the real address,
    // which the network guard holds under the same data-service; the hostile page has no CNZZ): there it changed nothing.
    var hasCnzz = !!document.querySelector('[data-service="cnzz"][data-src^="/vendor"], [data-service="cnzz"][src^="/vendor"]');
    var html = '<div class="qa-head"><h2>QA 面板 · SDK ' + esc(cg.version || '?') + '</h2><button type="button" data-qa="collapse" aria-expanded="true">收起</button></div>';
    html += '<h3>模拟</h3><div class="qa-controls">';
    html += '<p>' + check('dnt', '请勿追踪 DNT', qa.dnt) + check('gpc', 'GPC', qa.gpc) + '<label>dnt 模式 ' + options('dntMode', ['respect', 'strict', 'ignore'], qa.dntMode || qa.pageDnt || 'respect') + '</label></p>';
    html += '<p><label>年龄 ' + options('age', ['unknown', 'adult', 'minor', 'child'], s.age) + '</label>' + button('guardian-yes', '监护人同意') + button('guardian-no', '监护人拒绝') + check('youth', '青少年模式', s.youthMode) + '</p>';
    html += '<p><label>语言 ' + options('lang', ['auto', 'zh-CN', 'zh-TW', 'en'], qa.lang || 'auto') + '</label>' + button('bump', '隐私政策升级到 2026-12-01') + button('unbump', '恢复 2024-04-23') + '</p>';
    html += group('clock', '时钟', button('clock-179', '+179 天') + button('clock-181', '+181 天') + button('clock-366', '+366 天') + button('clock-0', '真实时间') +
      (qa.clock ? ' <strong>当前 +' + qa.clock + ' 天</strong>' : ''));
    html += '<p>' + check('newService', '新增第三方服务（点击热力图）', qa.newService) + '</p>';
    html += group('faults', '故障', check('cookiesOff', '浏览器禁用 Cookie', qa.cookiesOff) + (hasCnzz ? check('vendor404', 'CNZZ 脚本 404', qa.vendor404) : ''));
    // The SDK's own files failing (SPEC §9: fail closed, said in the console and as an `error` event), for this page:
    // the demo server answers 503 to what `?fail=` names (scripts/serve.js).
    var failing = new URLSearchParams(location.search).get('fail');
    var failLinks = ['gate.js', 'decide.js', 'cookie.js', 'receipt.js', 'views.js', 'receipts'].map(function (name) {
      var to = new URL(location.href);
      to.searchParams.set('fail', name);
      return '<a href="' + esc(to.pathname + to.search) + '"' + (failing === name ? ' aria-current="true"' : '') + '>' + (name === 'receipts' ? '回执接口 503' : name) + '</a>';
    }).join(' · ');
    var back = new URL(location.href);
    back.searchParams.delete('fail');
    html += group('fail', 'SDK 文件失败（本页）', failLinks + (failing ? ' · <a href="' + esc(back.pathname + back.search) + '">恢复</a>' : ''));
    html += group('corrupt', '损坏 Cookie', button('corrupt-checksum', '改授权（校验和不符）') + button('corrupt-garbage', '写入乱码'));
    html += group('open', '打开', button('prefs', 'Cookie 设置') + button('services', '第三方SDK清单') + button('minors', '未成年人说明') + button('request', '请求分享（微博）') +
      ' <output data-qa="request-result"></output>');
    // Two ways back to a first visit: with the simulation kept (DNT on, English: the banner's first visit under it),
    // or everything as a new visitor finds it, the switches and URL parameters included.
    html += '<p>' + button('reset', '重置同意 reset()') + button('clear', '清除本站 Cookie 与存储（保留模拟开关）') + button('clear-all', '全部恢复为新访客（含模拟开关）') + '</p></div>';
    return html + pages() + '<div data-qa="readouts"></div>';
  }

  /** The demo's pages (README "Demo"): the home page linked none of them, so QA had to type each address. */
  var PAGES = [
    ['/', '首页（script 标签）'], ['/spa.html', 'SPA（npm）'], ['/scenarios/dnt-strict.html', 'DNT strict'], ['/scenarios/csp-demo.html', '严格 CSP'],
    ['/scenarios/hostile.html', '敌意样式'], ['/scenarios/guard.html', '网络守卫'], ['/scenarios/guard-off.html', '守卫关闭'],
    ['/scenarios/guard-html.html', 'HTML 中的追踪器'], ['/qa-scan.html', '扫描 scan'],
  ];
  var BARE = [
    ['/untidy/polluted.html', '原型污染'], ['/untidy/clobbered.html', '名字被占'], ['/untidy/user-content.html', '用户内容'],
    ['/untidy/host-css.html', '宿主 CSS'], ['/untidy/host-hidden.html', '宿主隐藏'], ['/untidy/trusted-types.html', 'Trusted Types'],
    ['/untidy/legacy-gbk.html', 'GBK 页面'], ['/untidy/flexible.html', 'lib-flexible'], ['/untidy/cookie-blocker.html', 'Cookie 拦截脚本'],
    ['/api/invalid.html', '无效配置（脚本标签）'], ['/gate/invalid.html', '无效配置（门控）'],
  ];
  function pages() {
    var link = function (page) {
      var here = location.pathname === page[0] || (page[0] === '/' && location.pathname === '/index.html');
      return '<a href="' + page[0] + '"' + (here ? ' aria-current="page"' : '') + '>' + esc(page[1]) + '</a>';
    };
    return '<h3>演示页面</h3><nav class="qa-pages" data-qa="pages" aria-label="演示页面"><p>' + PAGES.map(link).join(' · ') + '</p>' +
      '<p>无面板：' + BARE.map(link).join(' · ') + '</p></nav>';
  }

  function readouts(s) {
    var prefix = cookieName() + '=';
    var consent = cookies().filter(function (c) { return c.indexOf(prefix) === 0; })[0];
    var others = cookies().filter(function (c) { return c.indexOf(prefix) !== 0; }).map(function (c) { return c.split('=')[0]; });
    var html = '<h3>状态</h3><pre data-qa="state">prompt: ' + esc(s.prompt) + ' · decided: ' + s.decided + (s.decision ? ' (' + s.decision.action + ')' : '') + ' · persisted: ' + s.persisted + '\n';
    // The cookie line reads the cookie; a choice kept in memory only (cookies off) is no cookie, and says so rather
    // than "undecided" beside a `decided: true` above it.
    // A record the rules no longer apply (SPEC §5.1: the policy changed, a new service, a child awaiting the guardian)
    // asks again whatever its days left say: said beside them, as the banner says it.
    var asks = { policy: '隐私政策已更新，需重新确认', 'new-service': '新增服务，需重新确认', guardian: '等待监护人同意' }[s.prompt];
    // A record the SDK set aside (SPEC §4: dated ahead of the clock, set to expire past its days, from a sibling that
    // failed its checks) is no decision, whatever its dates say: the read-out said "决定于 … 还剩 546 天" under a banner.
    var raw = consent && consent.slice(prefix.length);
    var unused = !s.decided && s.prompt == 'first-visit' && raw && isIntact(raw) && new URLSearchParams(raw).get('a');
    html += esc((!s.persisted && s.decided ? '未写入 Cookie（Cookie 不可用）：这次决定只在本页内存中有效'
      : unused ? 'Cookie 中有决定，但 SDK 未采用（日期晚于当前时钟，或有效期超出规定天数：SPEC §4），视为尚未决定'
      : expiry(raw)) + (asks ? ' · ' + asks : '')) + '\n';
    html += 'age: ' + s.age + ' · youth: ' + s.youthMode + ' · guardian: ' + s.guardianConsent + '\n';
    html += 'signals: DNT ' + s.signals.dnt + ' · GPC ' + s.signals.gpc + ' · policy ' + esc(s.policyVersion) + '\n';
    html += 'consent id: ' + esc(s.consentId) + '\n';
    html += 'controller: ' + (cg === window.consent ? 'window.consent (npm ESM)' : 'window.ConsentGate (script tag)') + '</pre>';
    // A category on with some of its services off is "partial": markup naming no service stays closed then.
    html += '<pre data-qa="grants">' + Object.keys(s.categories).map(function (c) {
      var partial = s.categories[c] && !cg.granted(c);
      return (partial ? '<span class="on">◐</span>' : flag(s.categories[c])) + ' ' + c + (partial ? ' (partial: not every service)' : '') +
        (s.forced[c] ? ' (forced: ' + s.forced[c] + ')' : '') + (s.choices.exceptions.indexOf(c) >= 0 && (s.signals.dnt || s.signals.gpc) ? ' (DNT exception)' : '') +
        // A choice kept but not applied now (DNT / GPC suspends, SPEC §5.2): not the same ✘ as a refusal.
        (!s.categories[c] && !s.forced[c] && s.choices.categories[c] ? ' (chosen, suspended' + (s.signals.dnt || s.signals.gpc ? ' by DNT/GPC' : '') + ')' : '');
    }).join('\n') + '\n' + Object.keys(s.services).map(function (c) { return flag(s.services[c]) + ' ' + esc(c); }).join('\n') + '</pre>';

    var intact = consent && isIntact(consent.slice(cookieName().length + 1));
    html += '<h3>Cookie</h3><pre data-qa="cookie">' + esc(consent ? decode(consent) : 'cg_consent: (none)') + '\n' +
      (consent ? (intact ? flag(true) + ' 校验和一致' : flag(false) + ' 校验和不符：SDK 视为没有记录') + '\n' : '') +
      '其他: ' + esc(others.join(', ') || '(none)') + '</pre>';
    html += '<h3>事件</h3><ol data-qa="events">' + events().slice(-14).map(function (e) {
      return '<li>' + esc(e.at.slice(11, 19)) + ' <b>' + esc(e.name) + '</b> ' + esc(e.detail) + '</li>';
    }).join('') + '</ol>';
    html += '<h3>第三方活动</h3>' + (activity.length ? '<ol data-qa="activity">' + activity.map(function (a) {
      return '<li>' + a.at + ' ms · ' + esc(a.what) + (a.cookies && a.cookies.length ? ' · cookies: ' + esc(a.cookies.join(', ')) : '') + '</li>';
    }).join('') + '</ol>' : '<pre data-qa="activity">未加载任何第三方</pre>');
    html += '<h3>回执（服务器收到的本访客回执）</h3><ol data-qa="receipts">' + receipts.map(function (r) {
      return '<li>' + esc(r.time.slice(11, 19)) + ' ' + esc(r.action) + ' · ' + esc(Object.keys(r.categories).filter(function (c) { return r.categories[c]; }).join(',')) +
        ' · ' + esc(r.consentId) + '</li>';
    }).join('') + '</ol>';
    var kept = waiting();
    if (kept) html += '<p data-qa="outbox">' + kept + ' 份回执未被服务器确认：保存在本机，下一个页面再次发送</p>';
    return html;
  }

  function render() {
    if (!cg) return;
    var s = cg.get();
    cookiesShown = document.cookie;
    // While the banner shows, the panel ends above it, so no read-out or control sits under it.
    panel.classList.toggle('qa-above-banner', !!s.banner);
    // Open, the panel docks beside the page where it would cover the content (demo.css); folded, the page has it all.
    panel.classList.toggle('qa-folded', !!qa.collapsed);
    document.documentElement.classList.toggle('qa-open', !qa.collapsed);
    if (qa.collapsed) {
      // Drawn once, like the controls: an event while folded must not take the focus off it.
      if (!panel.querySelector('[data-qa="expand"]')) panel.innerHTML = '<button type="button" data-qa="expand" aria-expanded="false">QA ▸</button>';
      return;
    }
    ids(s.consentId);
    // The controls stay the same nodes across renders: a view the panel opened returns focus to its button.
    if (!panel.querySelector('[data-qa="readouts"]')) panel.innerHTML = controls(s);
    panel.querySelector('[data-qa="age"]').value = s.age;
    panel.querySelector('[data-qa="youth"]').checked = s.youthMode;
    panel.querySelector('[data-qa="request-result"]').textContent = lastRequest;
    panel.querySelector('[data-qa="readouts"]').innerHTML = readouts(s);
  }

  // Through the real cookie jar: with "cookies off" emulated, document.cookie is a stub.
  var jar = window.demoRealCookie;
  function readJar() { return jar ? jar.get.call(document) : document.cookie; }
  function writeJar(value) { if (jar) jar.set.call(document, value); else document.cookie = value; }
  /** Removes cookie `name` host-only and on each parent domain. */
  function forget(name) {
    var labels = location.hostname.split('.');
    for (var i = 0; i < labels.length; i++) {
      var domain = i === 0 ? '' : ';domain=' + labels.slice(i - 1).join('.');
      writeJar(name + '=;max-age=0;path=/' + domain);
    }
  }

  /** Where the SDK writes its record: the configured domain, 'auto' probed as the SDK probes it, or host-only. */
  function recordDomain() {
    var configured = cg.config && cg.config.cookie.domain;
    if (configured !== 'auto') return configured ? ';domain=' + configured : '';
    var labels = location.hostname.split('.');
    if (/^[\d.]+$/.test(location.hostname)) return '';
    for (var i = Math.max(labels.length - 2, 0); i > 0; i--) {
      var domain = ';domain=.' + labels.slice(i).join('.');
      writeJar('cg_demo_probe=1;path=/' + domain);
      var stuck = readJar().split('; ').indexOf('cg_demo_probe=1') >= 0;
      writeJar('cg_demo_probe=;max-age=0;path=/' + domain);
      if (stuck) return domain;
    }
    return '';
  }

  /**
   * The stored record with every category granted by hand and its checksum left as it was: the hand-edited cookie
   * the SDK must not honour. Without a record, one made up with a checksum that cannot match.
   */
  function forged() {
    var prefix = cookieName() + '=';
    var current = (readJar() ? readJar().split('; ') : []).filter(function (c) { return c.indexOf(prefix) === 0; })[0];
    var raw = current ? current.slice(prefix.length) : 'v=3&i=qa-forged&p=' + cg.get().policyVersion + '&u=' + Date.now().toString(36) + '&a=reject-all&h=0';
    var optional = Object.keys(cg.get().categories).filter(function (c) { return c !== 'necessary'; });
    var edits = { a: 'accept-all', c: optional.join('.') };
    var fields = raw.split('&').map(function (pair) {
      var key = pair.split('=')[0];
      if (!edits[key]) return pair;
      var edited = key + '=' + edits[key];
      delete edits[key];
      return edited;
    });
    // A refusal lists no categories: the grant goes in before the checksum, where the SDK would have written it.
    var missing = Object.keys(edits).map(function (key) { return key + '=' + edits[key]; });
    var at = fields.length - (/^h=/.test(fields[fields.length - 1]) ? 1 : 0);
    fields.splice.apply(fields, [at, 0].concat(missing));
    // After "accept all" the edit grants what the record already grants: its checksum still matches, so one character
    // of it is changed instead — the control promises a record whose checksum does not match.
    if (fields.join('&') === raw) {
      fields = fields.map(function (pair) {
        return /^h=/.test(pair) ? pair.slice(0, -1) + (pair.slice(-1) === '0' ? '1' : '0') : pair;
      });
    }
    return fields.join('&');
  }

  /** Overwrites the consent cookie where the SDK keeps it (every other copy removed), then reloads. */
  function corrupt(value) {
    forget(cookieName());
    writeJar(cookieName() + '=' + value + ';path=/;max-age=31536000;SameSite=Lax' + recordDomain());
    location.reload();
  }

  /**
   * Removes every cookie this page can see, on the host and each parent domain, and the demo's storage; `all`: the
   * panel's switches, the SDK's marks of this tab (its reload after a withdrawal) and the page's URL parameters too.
   */
  function clearSite(all) {
    // This page's SDK hears its cookie go and answers (revoked, change, the banner) before the reload: none of that is
    // the fresh start's log.
    if (window.demoStopEvents) window.demoStopEvents();
    (readJar() ? readJar().split('; ') : []).forEach(function (c) { forget(c.split('=')[0]); });
    try {
      localStorage.clear();
      if (all === true) sessionStorage.clear();
      else { sessionStorage.removeItem('cg-demo-events'); sessionStorage.removeItem('cg-demo-ids'); }
    } catch (e) { /* storage denied */ }
    if (all === true) location.replace(location.pathname);
    else location.reload();
  }

  var ageTimer;
  panel.addEventListener('change', function (event) {
    var key = event.target.getAttribute('data-qa');
    var change = {};
    if (key === 'dnt' || key === 'gpc' || key === 'cookiesOff' || key === 'vendor404' || key === 'newService') { change[key] = event.target.checked; store(change); }
    if (key === 'lang' || key === 'dntMode') { change[key] = event.target.value; store(change); }
    // Chromium commits each arrow key of a closed <select>: stepping from unknown to child set adult and minor on the
    // way, each a decision with its receipt. The age is set once the choice has rested a moment.
    if (key === 'age') {
      clearTimeout(ageTimer);
      var age = event.target.value;
      ageTimer = setTimeout(function () { cg.setAge(age, { source: 'visitor' }); }, 800);
    }
    if (key === 'youth') cg.setYouthMode(event.target.checked);
  });
  panel.addEventListener('click', function (event) {
    var key = event.target.getAttribute && event.target.getAttribute('data-qa');
    if (!key || event.target.localName !== 'button' || !cg) return;
    if (key === 'collapse' || key === 'expand') {
      qa.collapsed = stored.collapsed = key === 'collapse';
      sessionStorage.setItem('cg-demo', JSON.stringify(stored));
      panel.innerHTML = '';
      render();
      // The pressed button went with the old markup: focus moves to the one that undoes it, not to the top of the page.
      return panel.querySelector('[data-qa="' + (qa.collapsed ? 'expand' : 'collapse') + '"]').focus();
    }
    if (key.indexOf('clock-') === 0) return store({ clock: Number(key.slice(6)) });
    var actions = {
      // What the guardian view's 同意 does (SPEC §5.3), in that view: the guardian then chooses per service in the
      // preferences, and is taken as present only until they close (the SDK counts a guardian's answer only while
      // the guardian view is shown; a site's own verification is `source: 'account'`).
      'guardian-yes': function () {
        cg.show('guardian');
        cg.setAge('child', { guardianConsent: true, source: 'guardian' });
        cg.show('preferences');
      },
      'guardian-no': function () { cg.setAge('child', { guardianConsent: false, source: 'guardian' }); },
      bump: function () { store({ policy: '2026-12-01' }); },
      unbump: function () { store({ policy: undefined }); },
      reset: function () { cg.reset(); },
      clear: clearSite,
      'clear-all': function () { clearSite(true); },
      'corrupt-checksum': function () { corrupt(forged()); },
      'corrupt-garbage': function () { corrupt('%E0%A4%A'); },
      prefs: function () { cg.show('preferences'); },
      services: function () { cg.show('services'); },
      minors: function () { cg.show('minor'); },
      request: function () {
        lastRequest = 'request(share, weibo-share) …';
        cg.request('share', 'weibo-share').then(function (allowed) { lastRequest = 'request(share, weibo-share) → ' + allowed; render(); });
      }
    };
    if (actions[key]) actions[key]();
  });

  var whenController = window.demoController || function (fn) { (window.ConsentGate = window.ConsentGate || []).push(fn); };
  whenController(function (controller) {
    cg = controller;
    cg.on('change', function () { render(); setTimeout(loadReceipts, 300); });
    cg.on('show', render);
    cg.on('hide', render);
    render();
    // Most controls reload the page (and a select commits each arrow key): the control used last has the focus again,
    // so that the keyboard goes on from the panel rather than from the top of the page.
    var focused = panel.querySelector('[data-qa="' + sessionStorage.getItem('cg-demo-focus') + '"]');
    sessionStorage.removeItem('cg-demo-focus');
    if (focused) focused.focus();
  });
  window.addEventListener('pagehide', function () {
    var active = document.activeElement;
    if (active && panel.contains(active) && active.getAttribute('data-qa')) sessionStorage.setItem('cg-demo-focus', active.getAttribute('data-qa'));
  });
  document.addEventListener('visibilitychange', loadReceipts);
  loadReceipts();
})();
