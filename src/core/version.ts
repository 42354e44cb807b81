/** The SDK version, sent in receipts; a unit test keeps it equal to package.json. */
export const VERSION = '0.2.0';
