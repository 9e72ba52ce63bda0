#!/usr/bin/env bash
# The CLI as npm users get it: `npm pack`, install the tarball into an empty project (so only what
# the package itself declares is installed, no dev dependencies), and run `npx job-action` on the
# Job of the README. dist/ must be built (npm run bundle): the package ships the bundle, not src/.
#   bash scripts/check-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

[ -f dist/index.js ] || { echo "check-package.sh: dist/index.js is missing: run npm run bundle" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(npm pack --silent --pack-destination "$work")"
echo "check-package.sh: $tarball, $(wc -c <"$work/$tarball" | tr -d ' ') bytes, $(tar -tzf "$work/$tarball" | wc -l | tr -d ' ') files"

mkdir "$work/user"
cd "$work/user"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$work/$tarball"
# The bundle inlines every library: installing the CLI must not download any other package.
extra=()
for entry in node_modules/* node_modules/.[!.]*; do
  case "$entry" in
    node_modules/job-action | node_modules/.bin | node_modules/.package-lock.json | *'*') ;;
    *) extra+=("${entry#node_modules/}") ;;
  esac
done
if [ "${#extra[@]}" -gt 0 ]; then
  echo "check-package.sh: installing the CLI also installed: ${extra[*]}" >&2
  exit 1
fi

npx --no-install job-action --help >/dev/null
out="$(npx --no-install job-action run -f "$repo/examples/pi.yaml" --logs none --logs-dir "$work/logs")"
grep -q '^Name: *pi$' <<<"$out" || { echo "$out" >&2; echo "check-package.sh: no describe text for Job pi" >&2; exit 1; }
grep -q '^Pods Statuses: .* 1 Succeeded / 0 Failed$' <<<"$out" || { echo "$out" >&2; exit 1; }
echo "check-package.sh: npx job-action run -f examples/pi.yaml from the tarball: Job pi completed"
