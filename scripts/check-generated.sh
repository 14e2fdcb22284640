#!/usr/bin/env bash
# Rebuilds dist/ and action-docs.md and fails when they differ from what is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
npm run docs
if ! git diff --quiet --exit-code -- dist action-docs.md action.yml || [ -n "$(git status --porcelain -- dist action-docs.md action.yml)" ]; then
  echo "::error::dist/, action-docs.md or action.yml is stale: run 'npm run build && npm run docs' and commit the result."
  git status --short -- dist action-docs.md action.yml
  git diff --stat -- dist action-docs.md action.yml
  exit 1
fi
echo "dist/ and action-docs.md are current"
