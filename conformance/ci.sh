#!/bin/sh
# The conformance CI set: the real Kubernetes Job controller (the release pinned in go.mod) beside
# ours on every hand-written scenario and 1000 generated ones (fixed seed), then the API oracle
# (defaulting and validation) on generated and mutated manifests. Exits non-zero on any
# divergence that docs/conformance.md does not list.
#
#   sh conformance/ci.sh            # from the repository root, after npm ci
#
# Go's caches live where Go puts them unless GOCACHE / GOMODCACHE say otherwise; a CI job caches
# both directories (actions/setup-go does, keyed on conformance/go.sum) — a cold build of the
# Kubernetes packages takes minutes, a warm one seconds.
set -eu
cd "$(dirname "$0")"
echo "go: $(go version)"
echo "GOMODCACHE=$(go env GOMODCACHE)"
echo "GOCACHE=$(go env GOCACHE)"
start=$(date +%s)
go mod download
echo "go mod download: $(( $(date +%s) - start )) s"
cd ..
node conformance/run.mjs --ci "$@"
