/**
 * `views.js` beside `consent-gate.min.js`: Preact and the views' mount. The view files (`views/*.js`) are built with
 * `preact` as the global `__consentGate.p`, which this file provides, so Preact is downloaded once.
 */
import * as preact from 'preact';

((window as unknown as { __consentGate: { p?: unknown } }).__consentGate ??= {} as { p?: unknown }).p = preact;

export { createViews } from '../ui/views/mount-views.js';
