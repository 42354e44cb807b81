import type { ConsentCore } from '../core/controller.js';
import type { Trust } from '../core/trusted-types.js';
import type { Service } from '../core/types.js';
import { installGuard, type Guard } from './guard.js';

/**
 * Starts the network guard for a controller (SPEC §6.6): grants come from the controller, holds are counted in its
 * state (`get().held`) and told as `held` events, and a tracker written untagged in the HTML goes to `untagged`
 * (`src/gate/untagged.ts` words it; the script tag loads that file only when there is something to say). Held
 * images outside the page load on their grant.
 */
export function startGuard(core: ConsentCore, trust: Trust, untagged: (service: Service, element: Element) => void): Guard {
  const guard = installGuard({
    services: core.config.services,
    granted: service => core.granted(service.category, service.id),
    held: ({ service, kind, url }) => core.hold({ service: service.id, kind, url }),
    untagged,
    trust,
  });
  const off = core.on('granted', guard.release);
  return { ...guard, stop: () => (off(), guard.stop()) };
}
