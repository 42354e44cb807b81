/**
 * `views.js` beside `consent-gate.min.js`: Preact and the views' mount. The view files (`views/*.js`) are built with
 * `preact` as the global `__consentGate.p`, which this file provides, so Preact is downloaded once.
 */
import * as preact from 'preact';

// Preact calls the hooks it finds on `options` (`event`, `vnode`, `debounceRendering`, …), read through the prototype
// chain (ECMA-262 OrdinaryGet): a page's `Object.prototype.event = '1'` (an old query parser) made every click in a view
// throw into the page, and 允许 answered nothing. This Preact is the SDK's own: its hooks are its own properties only.
Object.setPrototypeOf(preact.options, null);
((window as unknown as { __consentGate: { p?: unknown } }).__consentGate ??= {} as { p?: unknown }).p = preact;

export { createViews } from '../ui/views/mount-views.js';
