#!/usr/bin/env bash
# Builds upstream Kubernetes (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kubectl, and the
# pod sandbox's pause) from
# source through the Go module proxy, at the version pinned in tools/kubernetes/go.mod, into a cache outside the
# repository. Reused until the pinned version (or this script) changes. Prints the bin directory on its last line.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
module="$root/tools/kubernetes"
version="$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$module/go.mod")"
[ -n "$version" ] || { echo "no k8s.io/kubernetes version in $module/go.mod" >&2; exit 1; }
# The key covers everything that decides the binaries: the module (versions, replaces) and this script (flags).
key="$(cat "$module/go.mod" "$module/go.sum" "$module"/cmd/*/main.go "$0" | sha256sum | cut -c1-12)"
cache="${PIPELINE_ACTIONS_CACHE:-/var/cache/pipeline-actions}"
bin="$cache/kubernetes/$version-$key/bin"
commands=(etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl pause)

have_all() { for c in "${commands[@]}"; do [ -x "$bin/$c" ] || return 1; done; }
if have_all; then echo "$bin"; exit 0; fi

command -v go >/dev/null || { echo "Go is needed to build Kubernetes from source (apt-get install golang, or go.dev)" >&2; exit 1; }
mkdir -p "$bin.partial"
minor="$(echo "$version" | cut -d. -f2)"
# What `kubectl version` and the node report: the values upstream's hack/lib/version.sh stamps into a release.
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp+=" -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean -X $pkg.gitCommit="
  stamp+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
started=$(date +%s)
cd "$module"
export CGO_ENABLED=0 GOFLAGS=-mod=mod
for c in "${commands[@]}"; do
  [ -x "$bin.partial/$c" ] && continue
  case "$c" in etcd | pause) pkg="./cmd/$c" ;; *) pkg="k8s.io/kubernetes/cmd/$c" ;; esac
  echo "building $c ($version)" >&2
  go build -trimpath -ldflags "-s -w$stamp" -o "$bin.partial/$c" "$pkg"
done
rm -rf "$bin" && mv "$bin.partial" "$bin"
echo "built Kubernetes $version in $(( $(date +%s) - started )) s: $(du -sh "$bin" | cut -f1) of binaries" >&2
echo "$bin"
