// What a release writes, decided without touching git: the version tag, the moving major tag, and the checks.
const SEMVER = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$/

/**
 * @param {string} version e.g. v1.4.0
 * @param {string[]} existingTags every tag in the repository
 * @returns {{ ok: true, tag: string, major: string | undefined, prerelease: boolean } | { ok: false, problem: string }}
 */
export function planRelease(version, existingTags) {
  const match = SEMVER.exec(version)
  if (!match) return { ok: false, problem: `'${version}' is not a version: use vMAJOR.MINOR.PATCH, e.g. v1.4.0` }
  if (existingTags.includes(version)) return { ok: false, problem: `${version} already exists: release tags never move` }
  const prerelease = match[4] !== undefined
  const newer = existingTags
    .map((tag) => SEMVER.exec(tag))
    .filter((m) => m && m[4] === undefined && m[1] === match[1])
    .some((m) => compare(m, match) > 0)
  // The major tag (v1) follows the newest stable release of that major; a pre-release or an older patch never moves it.
  const major = prerelease || newer ? undefined : `v${match[1]}`
  return { ok: true, tag: version, major, prerelease }
}

function compare(a, b) {
  for (const i of [1, 2, 3]) {
    const diff = Number(a[i]) - Number(b[i])
    if (diff !== 0) return diff
  }
  return 0
}
