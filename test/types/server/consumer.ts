// A Node back end's use of consent-gate/server, compiled without the DOM library (run after the build: `npm test`
// step "types"): every type it reaches must resolve without `HTMLScriptElement` and the like.
import { createReceiptHandler, openPgliteStore, readConsent, type ConsentReading } from '../../../dist/node/server/index.js';

declare const cookieHeader: string | undefined;
export const reading: ConsentReading = readConsent(cookieHeader, { dnt: '1' }, { policyVersion: '2024-04-23', notForMinors: ['heatmap'] });
export const noHeaders: ConsentReading = readConsent(cookieHeader, undefined, { policyVersion: '2024-04-23' });
// @ts-expect-error the policy version the site shows now is required (a TypeError names it at run time)
readConsent(cookieHeader);

// Regression: the README's Next.js route handler failed under exactOptionalPropertyTypes (TS2379), since
// `?? undefined` gives clientAddress `string | undefined` (this project compiles with that option on).
const handler = createReceiptHandler({ store: await openPgliteStore({ dir: './consent-log' }) });
export const POST = (request: Request) => handler(request, { clientAddress: request.headers.get('x-real-ip') ?? undefined });
