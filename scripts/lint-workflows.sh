#!/usr/bin/env bash
# Lints the workflows, starter workflows and action metadata with zizmor (security audits, offline) and actionlint
# (with shellcheck, so run: scripts are checked too); fails on any finding. `npm run lint:workflows`; .ci/run runs it.
# The pinned tools come from .ci/install-components (outside the repository, under /var/cache/pipeline-actions).
#   scripts/lint-workflows.sh [root]   (default: this repository)
set -euo pipefail
root="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
cache="${PIPELINE_ACTIONS_CACHE:-/var/cache/pipeline-actions}"
zizmor="$cache/zizmor/bin/zizmor"
actionlint="$cache/bin/actionlint"
missing=()
[ -x "$zizmor" ] || missing+=("zizmor ($zizmor)")
[ -x "$actionlint" ] || missing+=("actionlint ($actionlint)")
# Without shellcheck on PATH, actionlint silently skips the run: scripts.
command -v shellcheck >/dev/null 2>&1 || missing+=("shellcheck (on PATH)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "lint-workflows: missing ${missing[*]}: run sudo bash .ci/install-components" >&2
  exit 1
fi

cd "$root"
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml .github/workflow-templates/*.yml .github/workflow-templates/*.yaml)
actions=()
for file in action.yml actions/*/action.yml; do [ -f "$file" ] && actions+=("$file"); done
status=0
"$actionlint" -shellcheck "$(command -v shellcheck)" "${workflows[@]}" || status=1
config=()
[ -f .github/zizmor.yml ] && config=(--config .github/zizmor.yml)
"$zizmor" --offline --quiet "${config[@]}" "${workflows[@]}" "${actions[@]}" || status=1
if [ "$status" -eq 0 ]; then echo "workflows: zizmor and actionlint (with shellcheck) found nothing"; fi
exit "$status"
