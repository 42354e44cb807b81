import type { ResolvedConfig } from '../core/types.js';

/** What a gated node, a placeholder or a `load()` call waits for: all the categories, and the service if named. */
export interface Target {
  categories: string[];
  service?: string;
}

/** The target a gating attribute names: `data-consent="analytics pixel"`, plus `data-service` if present. */
export const readTarget = (element: Element, attribute: string): Target => ({
  categories: element.getAttribute(attribute)?.match(/\S+/g) ?? [],
  service: element.getAttribute('data-service') || undefined,
});

/**
 * Whether a target names configured things only: at least one category, each configured, and a service
 * configured in one of them. Anything else stays closed for good, and says so: an unknown service would
 * otherwise wait, silently, for a grant that can never come.
 */
export const isKnown = (config: ResolvedConfig, { categories, service }: Target): boolean =>
  categories.length > 0 &&
  categories.every(id => config.categories.some(c => c.id === id)) &&
  (!service || config.services.some(s => s.id === service && categories.includes(s.category)));
