/** The live stream's client lives in app/live.ts; this path stays for the tests that import it here. */
export { connectLive, type LiveEnv, useLive } from './app/live.ts';
