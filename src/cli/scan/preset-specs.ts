import { CATALOGUE } from '../../presets/catalogue.js';
import type { ServiceSpec } from './service-catalogue.js';

/** A RegExp of a preset as the config's string form: anchored patterns keep their source, others match anywhere. */
const asText = (pattern: string | RegExp) =>
  typeof pattern === 'string' ? pattern : pattern.source.startsWith('^') ? pattern.source : `^.*(?:${pattern.source})`;

/**
 * The SDK's own services catalogue (SPEC §6.5), read as data: the same hosts, cookie patterns and storage keys the
 * gate and the withdrawal use, so the scan names a vendor exactly as the SDK knows it. The catalogue is safe to
 * import in Node: its loaders touch `window` only when called.
 */
export const PRESET_SPECS: Record<string, ServiceSpec> = Object.fromEntries(
  Object.values(CATALOGUE).map(preset => [
    preset.id,
    {
      id: preset.id,
      category: preset.category,
      hosts: [...(preset.hosts ?? [])],
      cookies: (preset.cookies ?? []).map(asText),
      storage: (preset.storage ?? []).map(asText),
    },
  ]),
);
