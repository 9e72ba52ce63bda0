#!/usr/bin/env bash
# Lints .github/workflows with actionlint (expressions, contexts, action inputs, permissions, and
# the shell of every run: step through shellcheck when it is installed). actionlint comes from the
# Go module proxy at a pinned version into a cache folder, so CI and a laptop lint the same way:
#   bash scripts/actionlint.sh [actionlint flags and files]
# ACTIONLINT_VERSION overrides the version; SHELLCHECK=0 skips shellcheck even when installed.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${ACTIONLINT_VERSION:-v1.7.12}"
bin_dir="${XDG_CACHE_HOME:-$HOME/.cache}/job-action/actionlint-$version"
actionlint="$bin_dir/actionlint"

if ! [ -x "$actionlint" ]; then
  command -v go >/dev/null || {
    echo "actionlint.sh: Go is needed to install actionlint $version (https://go.dev/dl/)" >&2
    exit 1
  }
  echo "actionlint.sh: installing actionlint $version from the Go module proxy" >&2
  GOBIN="$bin_dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
fi

flags=()
if [ "${SHELLCHECK:-1}" != 0 ] && command -v shellcheck >/dev/null; then
  flags+=(-shellcheck "$(command -v shellcheck)")
else
  # actionlint would look for shellcheck itself; an explicit empty path says "none".
  flags+=(-shellcheck=)
  echo "actionlint.sh: shellcheck not found: the run: scripts are not checked (apt-get install shellcheck)" >&2
fi
command -v pyflakes >/dev/null || flags+=(-pyflakes=)

"$actionlint" -version | head -n 1 >&2
exec "$actionlint" "${flags[@]}" "$@"
