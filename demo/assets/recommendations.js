// Stands in for server-side recommendations that read the `personalization` grant.
document.getElementById('recommendations').textContent = '个性化推荐已开启：根据您的浏览记录推荐素材（演示）。';
window.dispatchEvent(new CustomEvent('demo:tracker', { detail: { name: '个性化推荐', cookies: [] } }));
