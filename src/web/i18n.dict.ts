/** The interface's Chinese strings, for the server's events document (the strings live in app/strings.ts). */
export { zh as zhAll } from './app/strings.ts';
