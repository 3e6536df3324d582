/** Build the web application into dist/web unless it is newer than its sources; true if it built. */
export function ensureWebBuilt(opts?: { force?: boolean }): boolean;
