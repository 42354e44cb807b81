// The npm entries' public types, compiled without the DOM library (run after the build: `npm test` step "types").
// Regression: `import type { ConsentState } from 'consent-gate'` failed there with a dozen "Cannot find name 'Element'":
// `CreateOptions` reached the gate's and the guard's internal declarations.
import type { ConsentGate, ConsentGateConfig, ConsentState, CreateOptions } from '../../../dist/types/index.js';
import type { ConsentEvents } from '../../../dist/types/headless.js';
import type { NetworkGuard } from '../../../dist/types/guard/index.js';
import type { ConsentReceipts } from '../../../dist/types/receipts/index.js';
// Regression (SPA probe): `readConsent`'s types named the global `Headers`, which an edge runtime's project on
// `lib: ["es2022"]` has not: "Cannot find name 'Headers'".
import { readConsent } from '../../../dist/node/server/read-consent.js';

export type Types = [ConsentGate, ConsentGateConfig, ConsentState, CreateOptions, ConsentEvents, NetworkGuard, ConsentReceipts];
export const grantedAnalytics = (state: ConsentState): boolean => state.categories.analytics === true;
export const fromHeaders = (headers: { get(name: string): string | null }) => readConsent(headers.get('cookie'), headers, { policyVersion: '2024-04-23' }).granted('analytics');
