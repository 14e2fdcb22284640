#!/usr/bin/env bash
# Builds buildx (the docker CLI plugin) and BuildKit (buildkitd, buildctl) from source through the Go module proxy at
# pinned versions, into $PIPELINE_ACTIONS_CACHE/bin (outside the repository) as docker-buildx-<version>,
# buildkitd-<version> and buildctl-<version>. buildx is pinned here (its go.mod has no replace or exclude lines, so
# `go install module@version` builds it); BuildKit in tools/buildkit/go.mod, a module of ours that repeats the exclude
# lines of BuildKit's own. local/docker/components.ts reads both pins from these files. A warm machine skips the builds.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
buildx_version=v0.38.2
buildkit_version="$(awk '$1 == "require" && $2 == "github.com/moby/buildkit" { print $3; exit }' "$root/tools/buildkit/go.mod")"
[ -n "$buildkit_version" ] || { echo "no github.com/moby/buildkit version in tools/buildkit/go.mod" >&2; exit 1; }
cache="${PIPELINE_ACTIONS_CACHE:-/var/cache/pipeline-actions}"
bin="$cache/bin"
mkdir -p "$bin"
# CGO off: static binaries (buildkitd and buildctl also run inside the BuildKit image the docker-container driver starts).
export GOPATH="${GOPATH:-$cache/go}" GOCACHE="${GOCACHE:-$cache/go/cache}" CGO_ENABLED=0 GOFLAGS=-p=1
stamp() { echo "-s -w -X $1/version.Version=$2 -X $1/version.Revision=$2 -X $1/version.Package=$1"; }
need_go() { command -v go >/dev/null || { echo "Go is needed to build $1 (apt-get install golang, or go.dev)" >&2; exit 1; }; }

if [ ! -x "$bin/docker-buildx-$buildx_version" ]; then
  need_go buildx
  tmp="$(mktemp -d "$bin/.build-XXXXXX")"
  started=$(date +%s)
  GOBIN="$tmp" nice -n 10 go install -trimpath -ldflags "$(stamp github.com/docker/buildx "$buildx_version")" "github.com/docker/buildx/cmd/buildx@$buildx_version"
  mv "$tmp/buildx" "$bin/docker-buildx-$buildx_version"
  rmdir "$tmp"
  echo "built docker-buildx-$buildx_version in $(( $(date +%s) - started )) s" >&2
fi
for command in buildkitd buildctl; do
  [ -x "$bin/$command-$buildkit_version" ] && continue
  need_go "$command"
  started=$(date +%s)
  (cd "$root/tools/buildkit" && GOFLAGS="$GOFLAGS -mod=mod" nice -n 10 go build -trimpath -ldflags "$(stamp github.com/moby/buildkit "$buildkit_version")" \
    -o "$bin/.$command-$buildkit_version.partial" "github.com/moby/buildkit/cmd/$command")
  mv "$bin/.$command-$buildkit_version.partial" "$bin/$command-$buildkit_version"
  echo "built $command-$buildkit_version in $(( $(date +%s) - started )) s" >&2
done
echo "buildx: $("$bin/docker-buildx-$buildx_version" version)"
echo "buildkit: $("$bin/buildkitd-$buildkit_version" --version)"
