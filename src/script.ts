/**
 * The script-tag entry (SPEC §7.1): `<script src="consent-gate.min.js">` reads its config from
 * `<script type="application/json" id="consent-gate-config">` or `window.consentGateConfig`, replays the
 * `window.ConsentGate` queue and becomes `window.ConsentGate`. Nothing here may throw into the page.
 */
import { createClosedGate } from './core/closed.js';
import type { ConsentGate, ConsentGateConfig } from './core/types.js';
import { createConsentGate } from './index.js';

type Queued = (gate: ConsentGate) => void;
interface Host {
  ConsentGate?: ConsentGate | Queued[];
  consentGateConfig?: ConsentGateConfig;
}

function readConfig(host: Host): ConsentGateConfig | undefined {
  const element = document.getElementById('consent-gate-config');
  if (element) {
    try {
      return JSON.parse(element.textContent || '{}') as ConsentGateConfig;
    } catch (error) {
      throw new TypeError(`consent-gate: #consent-gate-config is not valid JSON (${(error as Error).message})`);
    }
  }
  return host.consentGateConfig;
}

function boot(host: Host) {
  const existing = host.ConsentGate;
  // A second copy of the script: the first instance stays the only one (one banner, one observer).
  if (existing && !Array.isArray(existing)) return;
  const queue = Array.isArray(existing) ? existing : [];
  let gate: ConsentGate;
  try {
    gate = createConsentGate(readConfig(host));
  } catch (error) {
    // Fail closed (SPEC §9): log once, grant nothing, leave any stored record untouched.
    console.error(error instanceof Error ? error.message : error);
    gate = createClosedGate(error);
  }
  host.ConsentGate = gate;
  for (const fn of queue) if (typeof fn === 'function') gate.push(fn);
}

boot(window as unknown as Host);
