/*
 * The demo page's own script, as ooopic's pages would have it: draws the image grid (no external images) and
 * runs the share buttons. Share clicks reach these handlers only once `share` is granted for that service: the
 * SDK stops a `data-consent-request` click, asks in context, and replays it when the visitor allows (SPEC §6.4).
 * The WeChat and 小红书 SDKs load on that click through `ConsentGate.load()` (SPEC §6.2), which waits for the grant.
 */
(function () {
  var palette = [['#ff9a8b', '#ff6a88'], ['#a1c4fd', '#c2e9fb'], ['#fbc2eb', '#a6c1ee'], ['#84fab0', '#8fd3f4'], ['#fccb90', '#d57eeb'], ['#e0c3fc', '#8ec5fc']];
  var titles = ['国潮海报背景', '中秋节插画', '电商主图模板', '水彩花卉元素', '科技感蓝色背景', '新年红色喜庆', '简约PPT封面', '手绘美食插画', '城市夜景摄影', '双十一促销', '春节免抠元素', '商务名片模板'];
  var grid = document.getElementById('grid');
  titles.forEach(function (title, i) {
    if (!grid) return;
    var li = document.createElement('li');
    var art = document.createElement('div');
    var colors = palette[i % palette.length];
    art.className = 'art';
    // CSSOM, not a style attribute: allowed under the strict CSP page's `style-src 'self'`.
    art.style.background = 'linear-gradient(' + (i * 37) + 'deg,' + colors[0] + ',' + colors[1] + ')';
    art.setAttribute('role', 'img');
    art.setAttribute('aria-label', title);
    var caption = document.createElement('div');
    caption.className = 'caption';
    var name = document.createElement('span');
    var count = document.createElement('span');
    name.textContent = title;
    count.textContent = (1000 + i * 137) + ' 下载';
    caption.append(name, count);
    li.append(art, caption);
    grid.append(li);
  });

  var status = document.getElementById('share-status');
  function say(text) { if (status) status.textContent = text; }
  function sdk(service, src, then) {
    var cg = window.ConsentGate;
    if (!cg || !cg.load) return;
    cg.load({ category: 'share', service: service, src: src }).then(then, function () {
      say('分享服务暂时无法加载，请稍后再试。');
    });
  }
  var wechat = document.getElementById('share-wechat');
  if (wechat) wechat.addEventListener('click', function () {
    sdk('wechat-jssdk', '/vendor/res.wx.qq.com/open/js/jweixin-1.6.0.js', function () {
      window.wx.ready(function () {
        window.wx.updateAppMessageShareData({ title: '我图网 · 国潮海报背景', link: 'https://www.ooopic.com/' });
        say('微信分享已就绪：请用微信“扫一扫”分享本页（演示）。');
      });
    });
  });
  var xhs = document.getElementById('share-xhs');
  if (xhs) xhs.addEventListener('click', function () {
    sdk('xiaohongshu-share', '/vendor/fe-static.xhscdn.com/biz-static/goten/xhs-1.1.0.js', function () {
      window.xhs.share({ shareInfo: { type: 'normal', title: '我图网 · 国潮海报背景', content: '正版图片素材', images: [] } });
      say('已打开小红书分享（演示）。');
    });
  });
})();
