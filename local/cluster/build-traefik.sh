#!/usr/bin/env bash
# Builds Traefik, the Gateway API implementation the local cluster routes user traffic through, from source through
# the Go module proxy at the version pinned in tools/traefik/go.mod, into a cache outside the repository, beside the
# upstream Gateway API CRDs (standard channel) of the version Traefik is built against and the RBAC Traefik's docs
# give its Gateway provider. Reused until the pin (or this script) changes. Prints the directory (traefik, crds/,
# rbac.yml) on its last line.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
module="$root/tools/traefik"
version="$(awk '{ for (i = 1; i < NF; i++) if ($i == "github.com/traefik/traefik/v3") { print $(i + 1); exit } }' "$module/go.mod")"
[ -n "$version" ] || { echo "no github.com/traefik/traefik/v3 version in $module/go.mod" >&2; exit 1; }
key="$(cat "$module/go.mod" "$module/go.sum" "$module/tools.go" "$0" | sha256sum | cut -c1-12)"
cache="${PIPELINE_ACTIONS_CACHE:-/var/cache/pipeline-actions}"
dir="$cache/traefik/$version-$key"
if [ -x "$dir/traefik" ] && [ -f "$dir/rbac.yml" ] && [ -n "$(ls "$dir/crds" 2>/dev/null)" ]; then echo "$dir"; exit 0; fi

command -v go >/dev/null || { echo "Go is needed to build Traefik from source (apt-get install golang, or go.dev)" >&2; exit 1; }
rm -rf "$dir.partial" && mkdir -p "$dir.partial/crds"
started=$(date +%s)
cd "$module"
export CGO_ENABLED=0 GOFLAGS=-mod=mod
echo "building traefik ($version)" >&2
nice -n 10 go build -trimpath -ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$version" -o "$dir.partial/traefik" github.com/traefik/traefik/v3/cmd/traefik
gateway_dir="$(go list -m -f '{{.Dir}}' sigs.k8s.io/gateway-api)"
cp "$gateway_dir"/config/crd/standard/*.yaml "$dir.partial/crds/"
cp "$(go list -m -f '{{.Dir}}' github.com/traefik/traefik/v3)/docs/content/reference/dynamic-configuration/kubernetes-gateway-rbac.yml" "$dir.partial/rbac.yml"
chmod 0644 "$dir.partial"/crds/*.yaml "$dir.partial/rbac.yml"
rm -rf "$dir" && mv "$dir.partial" "$dir"
echo "built Traefik $version in $(( $(date +%s) - started )) s, with the Gateway API $(go list -m -f '{{.Version}}' sigs.k8s.io/gateway-api) CRDs" >&2
echo "$dir"
