/**
 * `JSON.stringify` as the browser had it when the SDK's code ran. The page is not trusted (SPEC §9): one that replaces
 * it later (a shim, a library's patch) must not make a decision, a read of the cookie or a listener of the SDK fail.
 * (Each of the script tag's files takes its own as it runs.)
 */
export const stringify = JSON.stringify;
