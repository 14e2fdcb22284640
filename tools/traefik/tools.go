//go:build tools

// Keeps the upstream command this module builds, and the Gateway API CRDs it installs, in its dependency graph.
package tools

import (
	_ "github.com/traefik/traefik/v3/cmd/traefik"
	_ "sigs.k8s.io/gateway-api/pkg/consts"
)
