#!/usr/bin/env bash
# Builds the Sigstore services the keyless-signing tests run locally (the public instance cannot be reached from the
# test machines): Fulcio (the certificate authority), Rekor v2 on its POSIX tile backend (the transparency log) and
# the timestamp authority, each from source through the Go module proxy at a pinned version, into a cache outside
# the repository. Reused until a pin (or this script) changes. Prints the directory on its last line.
set -euo pipefail
fulcio_version=v1.8.8
rekor_version=v2.3.0
tsa_version=v2.1.3
key="$(sha256sum "$0" | cut -c1-12)"
cache="${PIPELINE_ACTIONS_CACHE:-/var/cache/pipeline-actions}"
dir="$cache/sigstore/$key"
if [ -x "$dir/fulcio" ] && [ -x "$dir/rekor-server" ] && [ -x "$dir/timestamp-server" ]; then echo "$dir"; exit 0; fi

command -v go >/dev/null || { echo "Go is needed to build the Sigstore services (apt-get install golang, or go.dev)" >&2; exit 1; }
rm -rf "$dir.partial" && mkdir -p "$dir.partial"
started=$(date +%s)
export GOPATH="${GOPATH:-$cache/go}" GOCACHE="${GOCACHE:-$cache/go/cache}" CGO_ENABLED=0 GOFLAGS=-p=2
build() { # name, package@version
  echo "building $1 ($2)" >&2
  GOBIN="$dir.partial/gobin" nice -n 10 go install -trimpath -ldflags "-s -w" "$2"
  mv "$dir.partial/gobin/$(basename "${2%@*}")" "$dir.partial/$1"
}
build fulcio "github.com/sigstore/fulcio@$fulcio_version"
build rekor-server "github.com/sigstore/rekor-tiles/v2/cmd/rekor-server/posix@$rekor_version"
build timestamp-server "github.com/sigstore/timestamp-authority/v2/cmd/timestamp-server@$tsa_version"
rmdir "$dir.partial/gobin"
printf 'fulcio %s\nrekor-tiles %s\ntimestamp-authority %s\n' "$fulcio_version" "$rekor_version" "$tsa_version" > "$dir.partial/versions"
rm -rf "$dir" && mv "$dir.partial" "$dir"
echo "built Fulcio $fulcio_version, Rekor $rekor_version (POSIX) and the timestamp authority $tsa_version in $(( $(date +%s) - started )) s" >&2
echo "$dir"
