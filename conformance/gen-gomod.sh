#!/bin/sh
# Regenerates conformance/go.mod for a Kubernetes release: k8s.io/kubernetes requires its staging
# modules at v0.0.0, so each one it requires is replaced by the published v0.<minor>.<patch>.
#   sh conformance/gen-gomod.sh v1.37.2
set -eu
cd "$(dirname "$0")"
version="${1:?usage: gen-gomod.sh v1.MINOR.PATCH}"
staging="v0.${version#v1.}"
mod="$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
{
  echo "module github.com/job-action/conformance"
  echo
  echo "go 1.26.0"
  echo
  echo "require k8s.io/kubernetes $version"
  echo
  echo "replace ("
  grep -E '^[[:space:]]+k8s\.io/[^ ]+ v0\.0\.0$' "$mod" | awk -v v="$staging" '{ printf "\t%s => %s %s\n", $1, $1, v }'
  echo ")"
} > go.mod
rm -f go.sum
GOFLAGS=-mod=mod go mod tidy
