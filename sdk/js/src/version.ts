/** This SDK's version; sdk/js/build.ts checks that package.json says the same. */
export const SDK_VERSION = "0.1.0";
