// The npm entries' public types, compiled without the DOM library (run after the build: `npm test` step "types").
// Regression: `import type { ConsentState } from 'consent-gate'` failed there with a dozen "Cannot find name 'Element'":
// `CreateOptions` reached the gate's and the guard's internal declarations.
import type { ConsentGate, ConsentGateConfig, ConsentState, CreateOptions } from '../../../dist/types/index.js';
import type { ConsentEvents } from '../../../dist/types/headless.js';
import type { NetworkGuard } from '../../../dist/types/guard/index.js';
import type { ConsentReceipts } from '../../../dist/types/receipts/index.js';

export type Types = [ConsentGate, ConsentGateConfig, ConsentState, CreateOptions, ConsentEvents, NetworkGuard, ConsentReceipts];
export const grantedAnalytics = (state: ConsentState): boolean => state.categories.analytics === true;
