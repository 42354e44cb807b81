/*
 * The demo page's own script: draws the image grid (no external images), and the QA panel that shows the SDK's
 * state, the raw consent cookie, tracker activity and the receipts the demo server received, with controls to
 * provoke every behaviour. It lives outside the SDK's shadow root and uses only the public API.
 */
(function () {
  var palette = [['#ff9a8b', '#ff6a88'], ['#a1c4fd', '#c2e9fb'], ['#fbc2eb', '#a6c1ee'], ['#84fab0', '#8fd3f4'], ['#fccb90', '#d57eeb'], ['#e0c3fc', '#8ec5fc']];
  var titles = ['国潮海报背景', '中秋节插画', '电商主图模板', '水彩花卉元素', '科技感蓝色背景', '新年红色喜庆', '简约PPT封面', '手绘美食插画', '城市夜景摄影', '双十一促销', '春节免抠元素', '商务名片模板'];
  var grid = document.getElementById('grid');
  titles.forEach(function (title, i) {
    var li = document.createElement('li');
    var art = document.createElement('div');
    var colors = palette[i % palette.length];
    art.className = 'art';
    art.style.background = 'linear-gradient(' + (i * 37) + 'deg,' + colors[0] + ',' + colors[1] + ')';
    art.setAttribute('role', 'img');
    art.setAttribute('aria-label', title);
    var caption = document.createElement('div');
    caption.className = 'caption';
    caption.innerHTML = '<span></span><span>' + (1000 + i * 137) + ' 下载</span>';
    caption.firstChild.textContent = title;
    li.append(art, caption);
    grid.append(li);
  });

  // Tracker activity: every request to a fake vendor, from Resource Timing, plus the cookies the fakes report.
  var activity = [];
  var start = performance.timeOrigin;
  function note(entry) {
    activity.push(entry);
    render();
  }
  try {
    new PerformanceObserver(function (list) {
      list.getEntries().forEach(function (e) {
        if (e.name.indexOf('/vendor/') < 0) return;
        var url = new URL(e.name);
        note({ at: Math.round(e.startTime), what: e.initiatorType + ' ' + url.pathname.replace('/vendor/', '') });
      });
    }).observe({ type: 'resource', buffered: true });
  } catch (e) { /* Resource Timing unavailable */ }
  window.addEventListener('demo:tracker', function (event) {
    note({ at: Math.round(performance.now()), what: event.detail.name + ' ran', cookies: event.detail.cookies });
  });

  var receipts = [];
  function loadReceipts() {
    fetch('/receipts').then(function (r) { return r.json(); }).then(function (list) {
      var id = window.ConsentGate && window.ConsentGate.get && window.ConsentGate.get().consentId;
      receipts = list.slice(-8).reverse();
      render(id);
    }).catch(function () {});
  }

  var qa = window.demoQA || {};
  function store(change) {
    var next = Object.assign({}, qa, change);
    sessionStorage.setItem('cg-demo', JSON.stringify(next));
    location.reload();
  }

  var panel = document.getElementById('qa');
  function esc(text) { return String(text).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function flag(on) { return '<span class="' + (on ? 'on' : 'off') + '">' + (on ? '✔' : '✘') + '</span>'; }

  function render() {
    var cg = window.ConsentGate;
    if (!cg || !cg.get) return;
    if (qa.collapsed) {
      panel.innerHTML = '<button data-qa="expand" aria-expanded="false">QA ▸</button>';
      return;
    }
    var s = cg.get();
    var cookie = (document.cookie.split('; ').filter(function (c) { return c.indexOf('cg_consent=') === 0; })[0] || '(none)');
    var html = '<button data-qa="collapse" aria-expanded="true">QA ▾ hide</button>';
    html += '<h2>State</h2><pre>prompt: ' + esc(s.prompt) + ' · decided: ' + s.decided + ' · persisted: ' + s.persisted + '\n';
    html += 'age: ' + s.age + ' · youth: ' + s.youthMode + ' · guardian: ' + s.guardianConsent + '\n';
    html += 'signals: DNT ' + s.signals.dnt + ' · GPC ' + s.signals.gpc + ' · policy ' + esc(s.policyVersion) + '</pre>';
    html += '<pre>' + Object.keys(s.categories).map(function (c) { return flag(s.categories[c]) + ' ' + c + (s.forced[c] ? ' (forced: ' + s.forced[c] + ')' : ''); }).join('\n') + '</pre>';
    html += '<pre>' + Object.keys(s.services).map(function (c) { return flag(s.services[c]) + ' ' + esc(c); }).join('\n') + '</pre>';
    html += '<h2>Cookie</h2><pre>' + esc(decodeURIComponent(cookie)) + '</pre>';
    html += '<h2>Controls</h2><div>';
    html += '<label><input type="checkbox" data-qa="dnt"' + (qa.dnt ? ' checked' : '') + '>DNT</label>';
    html += '<label><input type="checkbox" data-qa="gpc"' + (qa.gpc ? ' checked' : '') + '>GPC</label>';
    html += '<label><input type="checkbox" data-qa="cookiesOff"' + (qa.cookiesOff ? ' checked' : '') + '>cookies off</label><br>';
    html += '<label>age <select data-qa="age">' + ['unknown', 'adult', 'minor', 'child'].map(function (a) { return '<option' + (a === s.age ? ' selected' : '') + '>' + a + '</option>'; }).join('') + '</select></label>';
    html += '<button data-qa="guardian-yes">guardian ✔</button><button data-qa="guardian-no">guardian ✘</button><br>';
    html += '<label><input type="checkbox" data-qa="youth"' + (s.youthMode ? ' checked' : '') + '>youth mode</label>';
    html += '<label>lang <select data-qa="lang">' + ['auto', 'zh-CN', 'zh-TW', 'en'].map(function (l) { return '<option' + (l === (qa.lang || 'auto') ? ' selected' : '') + '>' + l + '</option>'; }).join('') + '</select></label><br>';
    html += '<button data-qa="bump">bump policy version</button><button data-qa="unbump">original policy</button><br>';
    html += '<button data-qa="reset">reset consent</button><button data-qa="prefs">open preferences</button><button data-qa="minors">minors view</button>';
    html += '</div>';
    html += '<h2>Tracker activity</h2><ol>' + activity.map(function (a) {
      return '<li>' + a.at + ' ms · ' + esc(a.what) + (a.cookies ? ' · cookies: ' + esc(a.cookies.join(', ')) : '') + '</li>';
    }).join('') + '</ol>' + (activity.length ? '' : '<pre>nothing loaded</pre>');
    html += '<h2>Receipts (server)</h2><ol>' + receipts.map(function (r) {
      return '<li>' + esc(r.time.slice(11, 19)) + ' ' + esc(r.action) + ' · ' + Object.keys(r.categories).filter(function (c) { return r.categories[c]; }).join(',') + '</li>';
    }).join('') + '</ol>';
    panel.innerHTML = html;
  }

  panel.addEventListener('change', function (event) {
    var key = event.target.getAttribute('data-qa');
    var cg = window.ConsentGate;
    if (key === 'dnt' || key === 'gpc' || key === 'cookiesOff') { var c = {}; c[key] = event.target.checked; store(c); }
    if (key === 'lang') store({ lang: event.target.value });
    if (key === 'age') cg.setAge(event.target.value, { source: 'qa' });
    if (key === 'youth') cg.setYouthMode(event.target.checked);
  });
  panel.addEventListener('click', function (event) {
    var key = event.target.getAttribute && event.target.getAttribute('data-qa');
    var cg = window.ConsentGate;
    if (key === 'collapse' || key === 'expand') {
      qa.collapsed = key === 'collapse';
      sessionStorage.setItem('cg-demo', JSON.stringify(qa));
      return render();
    }
    if (key === 'guardian-yes') cg.setAge('child', { guardianConsent: true, source: 'qa' });
    if (key === 'guardian-no') cg.setAge('child', { guardianConsent: false, source: 'qa' });
    if (key === 'bump') store({ policy: '2026-12-01' });
    if (key === 'unbump') store({ policy: undefined });
    if (key === 'reset') cg.reset();
    if (key === 'prefs') cg.show('preferences');
    if (key === 'minors') cg.show('minor');
  });

  (window.ConsentGate = window.ConsentGate || []).push(function (cg) {
    cg.on('change', function () { render(); setTimeout(loadReceipts, 300); });
    cg.on('ready', render);
  });
  document.addEventListener('visibilitychange', loadReceipts);
  render();
  loadReceipts();
})();
