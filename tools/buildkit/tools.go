//go:build tools

// Keeps the upstream commands this module builds in its dependency graph.
package tools

import (
	_ "github.com/moby/buildkit/cmd/buildctl"
	_ "github.com/moby/buildkit/cmd/buildkitd"
)
