#!/usr/bin/env bash
# Rebuilds dist/ and action-docs.md and fails when they differ from what is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
npm run docs
if ! git diff --quiet --exit-code -- dist action-docs.md || [ -n "$(git status --porcelain -- dist action-docs.md)" ]; then
  echo "::error::dist/ or action-docs.md is stale: run 'npm run build && npm run docs' and commit the result."
  git status --short -- dist action-docs.md
  git diff --stat -- dist action-docs.md
  exit 1
fi
echo "dist/ and action-docs.md are current"
