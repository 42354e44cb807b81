/**
 * A property of the document as the browser defines it. Markup named after a document property (`<img
 * name="readyState">`, `<form name="baseURI">` in user content) stands for it on `document` (HTML's named properties
 * override the built-ins there), and the page is not trusted (SPEC §9): the prototype's getter reads the real one.
 */
export const documentProperty = <T extends 'readyState' | 'visibilityState' | 'baseURI' | 'currentScript' | 'body'>(name: T): Document[T] =>
  Object.getOwnPropertyDescriptor(name == 'baseURI' ? Node.prototype : Document.prototype, name)!.get!.call(document);
