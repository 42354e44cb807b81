/**
 * A property of the document as the browser defines it. Markup named after a document property (`<img
 * name="readyState">`, `<form name="baseURI">`, `<img name="cookie">` in user content) stands for it on `document`
 * (HTML's named properties override the built-ins there), and the page is not trusted (SPEC §9): the prototype's
 * accessor reads (and writes) the real one.
 */
type Own = 'readyState' | 'visibilityState' | 'baseURI' | 'currentScript' | 'body' | 'cookie';

/** The browser's own accessor of a document property. */
export const ownAccessor = (name: Own) => Object.getOwnPropertyDescriptor(name == 'baseURI' ? Node.prototype : Document.prototype, name)!;

export const documentProperty = <T extends Own>(name: T): Document[T] => ownAccessor(name).get!.call(document);
