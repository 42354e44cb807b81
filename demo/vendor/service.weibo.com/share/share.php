<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>分享（演示）</title></head>
<body><h1>第三方分享页（演示）</h1><p>真实站点会在这里打开服务商的分享页面。这是 Consent Gate 演示的本地假页面。</p></body></html>
