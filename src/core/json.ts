/**
 * `JSON` as the browser had it when the SDK's bundle ran. The page is not trusted (SPEC §9): one that replaces
 * `JSON.stringify` later (a shim, a library's patch) must not make a decision, a read of the cookie or a listener
 * of the SDK fail, nor a `JSON.parse` that answers nothing drop the receipts kept in the outbox as unreadable.
 * (The script tag's files loaded later borrow the bundle's: src/script/shared.ts.)
 */
export const { stringify, parse } = JSON;
