/**
 * The installed network guard, as the controller holds it (SPEC §6.6). Apart from guard.ts, whose declarations name the
 * DOM's elements: the public types reach this one (`CreateOptions.guard`), and compile without the DOM library.
 */
export interface Guard {
  /** A grant arrived: held images that are not in the page load now (the gate activates those that are). */
  release(): void;
  /** Whether a request to `url` would be held now (a host of a service that is not granted), told to nobody. */
  holds(url: string): boolean;
  /** Puts every original back. */
  stop(): void;
}
