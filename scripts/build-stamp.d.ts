/** The stamp of the build made from the sources under `root` (scripts/build-stamp.js). */
export function buildStamp(root?: string): string;
