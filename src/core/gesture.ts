/**
 * The browser's own getters, taken as this module loads: a page that later redefines them on `Event.prototype`, or a
 * `type` set on the event object itself, cannot make a mouse move read as a click.
 */
const getter = (name: 'eventPhase' | 'type') => (typeof Event == 'function' ? Object.getOwnPropertyDescriptor(Event.prototype, name)?.get : undefined);
const phaseOf = getter('eventPhase');
const typeOf = getter('type');

/** What a visitor does to decide: a click, a key, a touch, a form sent, a control changed. */
const GESTURES = ['click', 'keydown', 'keyup', 'pointerup', 'touchend', 'submit', 'change'];

const real = (event: unknown) =>
  !!event && phaseOf!.call(event) !== 0 && (event as Event).isTrusted === true && GESTURES.includes(typeOf!.call(event) as string);

/**
 * Whether `event` is the visitor's own gesture, being dispatched now (SPEC §4: how a decision was made): a real event
 * (the getters' brand check throws on any other object), made by the browser (`isTrusted`, an unforgeable own
 * property), of a gesture's type, and not kept from an earlier dispatch (`eventPhase` is 0 once it is over). A custom
 * UI passes its button's event to `acceptAll(event)`, `rejectAll(event)`, `save(choices, event)`: the decision is then
 * recorded as the visitor's, as the SDK's own buttons record it; without one, or with any other, as `api`. React's
 * handlers get React's own event object: the browser's is its `nativeEvent`, checked the same way.
 */
export function visitorsGesture(event: unknown): boolean {
  try {
    return real(event);
  } catch {}
  try {
    return real((event as { nativeEvent?: unknown }).nativeEvent);
  } catch {
    return false;
  }
}
