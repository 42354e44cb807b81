// What a TypeScript app writes against the published types (run after the build: `npm test` step "types").
import type { ConsentGate, Preset, ResolvedConfig } from '../../dist/types/index.js';

declare const consent: ConsentGate;
// A custom preset with its own loader: the loader's parameters are typed.
export const custom: Preset = { id: 'x', category: 'analytics', loader: (service, load) => load(service.src!, { async: '' }) };
export const config: ResolvedConfig | undefined = consent.config;
export const off: () => void = consent.on('change', state => void state.categories.analytics);
// @ts-expect-error only the views of SPEC §7.2 can be shown
consent.show('ads');
