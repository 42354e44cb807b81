/**
 * `consent-gate/guard`: the network guard for the npm entries (SPEC §6.6), imported only by an app that wants it, so
 * that an app without it does not bundle it (about 7.4 KB gzip, `npm run size`):
 *
 *   import { networkGuard } from 'consent-gate/guard';
 *   createConsentGate({ services, guard: true }, { presets, guard: networkGuard });
 *
 * The script tag carries it built in and on by default.
 */
import type { ConsentCore } from '../core/controller.js';
import type { Trust } from '../core/trusted-types.js';
import { reportUntagged } from '../gate/untagged.js';
import type { Guard } from './types.js';
import { startGuard } from './start-guard.js';

/** What `createConsentGate(config, { guard })` takes. */
export interface NetworkGuard {
  /** Installs the guard for a controller. @internal */
  start(core: ConsentCore, trust: Trust): Guard;
}

export const networkGuard: NetworkGuard = { start: (core, trust) => startGuard(core, trust, reportUntagged(core)) };
