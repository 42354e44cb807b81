import type { Preset } from '../core/types.js';

/** The services catalogue (SPEC §6.5), keyed by preset id. */
export const PRESETS: Record<string, Preset> = {};
