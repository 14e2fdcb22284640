#!/usr/bin/env bash
# Builds the promotion peers the benchmarks compare promote-artifact with (crane, regctl, oras) at pinned versions
# through the Go module proxy into the cache outside the repository, skipping each one whose pinned build is there;
# prints the directory holding them. skopeo is Debian's package (.ci/install-components). Needs Go (1.24 or later).
set -euo pipefail
cache="${PIPELINE_ACTIONS_CACHE:-/var/cache/pipeline-actions}"
bin="$cache/bin"
crane_version=v0.22.1
regctl_version=v0.11.7
oras_version=v1.3.6
export GOPATH="${GOPATH:-$cache/go}" GOCACHE="${GOCACHE:-$cache/go/cache}" GOFLAGS="${GOFLAGS:--p=1}" GOTOOLCHAIN=local
mkdir -p "$bin"
build() { # name module-path version: go install into $bin/<name>-<version> (the version stays in the file name)
  local name="$1" pkg="$2" version="$3"
  [ -x "$bin/$name-$version" ] && return 0
  command -v go >/dev/null || { echo "Go is needed to build $name (apt-get install golang, or go.dev)" >&2; exit 1; }
  echo "building $name $version (go install $pkg@$version)" >&2
  local tmp
  tmp="$(mktemp -d "$bin/.build-XXXXXX")"
  GOBIN="$tmp" nice -n 10 go install -trimpath -ldflags=-s "$pkg@$version" >&2
  mv "$tmp/$name" "$bin/$name-$version"
  rmdir "$tmp"
}
build crane github.com/google/go-containerregistry/cmd/crane "$crane_version"
build regctl github.com/regclient/regclient/cmd/regctl "$regctl_version"
build oras oras.land/oras/cmd/oras "$oras_version"
for name in crane regctl oras; do
  version_var="${name}_version"
  ln -sfn "$name-${!version_var}" "$bin/$name"
done
echo "$bin"
