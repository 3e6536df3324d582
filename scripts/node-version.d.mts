export const MIN_MAJOR: number;
/** Whether a Node version (as process.versions.node gives it) is supported. */
export function isSupportedNode(version: string): boolean;
export function unsupportedNodeMessage(what: string, version: string): string;
/** Exit with the fix printed when this Node is older than supported. */
export function requireSupportedNode(what?: string): void;
