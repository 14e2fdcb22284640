/**
 * The tag rules, applied to one run: which tags an image gets, and which of them is the `version`. Pure: everything
 * comes from the RunContext (and, for `latest` on a release, the tags the registry already holds).
 */
import semver from 'semver'
import type { RunContext } from '../lib/github/event.js'
import { onDefaultBranch, pullRequestNumber } from '../lib/github/event.js'
import { buildCommit, isPullRequestEvent } from './commit.js'

export type TagRule =
  | { kind: 'sha' }
  | { kind: 'sha-long' }
  | { kind: 'semver' }
  | { kind: 'branch' }
  | { kind: 'pr' }
  | { kind: 'latest' }
  | { kind: 'raw'; value: string }

export const RULE_NAMES = ['sha', 'sha-long', 'semver', 'branch', 'pr', 'latest', 'raw:<value>'] as const
export const DEFAULT_RULES = 'sha\nbranch\nsemver\npr'

export interface Tag {
  name: string
  rule: TagRule['kind']
  /** Higher is more specific; the highest is the `version`. */
  priority: number
  /** A full semver version: never moved to another digest when `immutable-tags` is on. */
  protected: boolean
  /** Marks the commit: what reuse-existing looks for. */
  commitTag: boolean
}

export const MAX_TAG_LENGTH = 128

/** The OCI distribution spec's tag grammar: what a registry accepts as a tag. */
export const TAG_GRAMMAR = '[A-Za-z0-9_][A-Za-z0-9._-]{0,127}'
const TAG_PATTERN = new RegExp(`^${TAG_GRAMMAR}$`)

/** Why `value` is not a tag a registry accepts (undefined when it is one): a `raw:` value is taken verbatim or refused. */
export function tagProblem(value: string): string | undefined {
  if (TAG_PATTERN.test(value)) return undefined
  if (value.length > MAX_TAG_LENGTH) return `it has ${value.length} characters, at most ${MAX_TAG_LENGTH} are allowed`
  const invalid = [...new Set(value.replace(/[A-Za-z0-9_.-]/g, ''))]
  if (invalid.length > 0) return `it contains ${invalid.map((c) => (c === ' ' ? 'a space' : `'${c}'`)).join(', ')}`
  return `it starts with '${value[0]}'`
}

/** Parses one rule; undefined when it is not one. */
export function parseRule(text: string): TagRule | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('raw:')) {
    const value = trimmed.slice(4).trim()
    return value === '' ? undefined : { kind: 'raw', value }
  }
  return (['sha', 'sha-long', 'semver', 'branch', 'pr', 'latest'] as const).includes(trimmed as never) ? ({ kind: trimmed } as TagRule) : undefined
}

/** Invalid characters become `-`; a tag starts with a letter, digit or `_` and has at most 128 characters. */
export function sanitizeTag(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_TAG_LENGTH)
}

/** The semver version of a tag ref (`refs/tags/v1.2.3` or `refs/tags/1.2.3`); undefined otherwise. */
export function refVersion(ref: string): semver.SemVer | undefined {
  if (!ref.startsWith('refs/tags/')) return undefined
  const name = ref.slice('refs/tags/'.length)
  const text = name.startsWith('v') ? name.slice(1) : name
  return semver.valid(text) === text ? new semver.SemVer(text) : undefined
}

export function branchOf(context: RunContext): string | undefined {
  return context.ref.startsWith('refs/heads/') ? context.ref.slice('refs/heads/'.length) : undefined
}

export interface TagInput {
  context: RunContext
  rules: TagRule[]
  /** Tags already in the image repository (on a release: for `latest` and the floating `1.2`/`1` tags). */
  existingTags?: string[]
}

export interface TagResult {
  tags: Tag[]
  /** The most specific tag's name ('' when there is no tag). */
  version: string
  /** Rules that gave nothing on this event, with why: shown in the summary, never an error. */
  skipped: { rule: string; why: string }[]
}

/** The tags for one run, deduplicated, most specific first. */
export function computeTags({ context, rules, existingTags = [] }: TagInput): TagResult {
  const commit = buildCommit(context)
  const version = refVersion(context.ref)
  const tags: Tag[] = []
  const skipped: TagResult['skipped'] = []
  const add = (name: string, rule: TagRule['kind'], priority: number, extra: Partial<Pick<Tag, 'protected' | 'commitTag'>> = {}): void => {
    const clean = sanitizeTag(name)
    if (clean === '') {
      skipped.push({ rule, why: `'${name}' has no valid tag characters` })
      return
    }
    const existing = tags.find((t) => t.name === clean)
    if (existing) {
      existing.priority = Math.max(existing.priority, priority)
      existing.protected ||= extra.protected ?? false
      existing.commitTag ||= extra.commitTag ?? false
      return
    }
    tags.push({ name: clean, rule, priority, protected: extra.protected ?? false, commitTag: extra.commitTag ?? false })
  }

  for (const rule of rules) {
    switch (rule.kind) {
      case 'sha':
      case 'sha-long':
        if (!/^[0-9a-f]{40}$/.test(commit)) skipped.push({ rule: rule.kind, why: 'the run has no commit sha' })
        else add(`sha-${rule.kind === 'sha' ? commit.slice(0, 7) : commit}`, rule.kind, 100, { commitTag: true })
        break
      case 'semver':
        if (!version) {
          skipped.push({ rule: 'semver', why: context.ref.startsWith('refs/tags/') ? `${context.ref} is not a semver version` : 'the run is not for a tag' })
        } else if (version.prerelease.length > 0) {
          add(version.version, 'semver', 900, { protected: true })
        } else {
          add(version.version, 'semver', 900, { protected: true })
          // A floating tag moves only to the highest release of its line: a 1.1.9 hotfix after 1.2.3 leaves `1` alone.
          const releases = existingTags.filter((tag) => semver.valid(tag) === tag && semver.prerelease(tag) === null)
          const higherIn = (line: (v: semver.SemVer) => boolean): string | undefined => releases.find((tag) => line(new semver.SemVer(tag)) && semver.gt(tag, version))
          const minor = `${version.major}.${version.minor}`
          const higherMinor = higherIn((v) => v.major === version.major && v.minor === version.minor)
          if (higherMinor) skipped.push({ rule: 'semver', why: `${minor} stays at the higher release ${higherMinor}` })
          else add(minor, 'semver', 899)
          // 0.x promises no compatibility between minors, so a bare `0` would mislead.
          const higherMajor = higherIn((v) => v.major === version.major)
          if (version.major > 0 && higherMajor) skipped.push({ rule: 'semver', why: `${version.major} stays at the higher release ${higherMajor}` })
          else if (version.major > 0) add(`${version.major}`, 'semver', 898)
        }
        break
      case 'branch': {
        const branch = branchOf(context)
        if (branch === undefined || isPullRequestEvent(context)) skipped.push({ rule: 'branch', why: 'the run is not for a branch' })
        else add(branch, 'branch', 600)
        break
      }
      case 'pr': {
        const number = isPullRequestEvent(context) ? pullRequestNumber(context) : undefined
        if (number === undefined) skipped.push({ rule: 'pr', why: 'the run is not for a pull request' })
        else add(`pr-${number}`, 'pr', 600)
        break
      }
      case 'latest':
        if (latestApplies(context, version, existingTags)) add('latest', 'latest', 10)
        else skipped.push({ rule: 'latest', why: version ? `${version.version} is not the highest release` : 'the run is not on the default branch or a release tag' })
        break
      case 'raw':
        add(rule.value, 'raw', 200)
        break
    }
  }
  const ordered = tags.map((tag, index) => ({ tag, index })).sort((a, b) => b.tag.priority - a.tag.priority || a.index - b.index).map((e) => e.tag)
  return { tags: ordered, version: ordered[0]?.name ?? '', skipped }
}

/** On the default branch (not a pull request), or a release at least as high as every release tag already pushed. */
function latestApplies(context: RunContext, version: semver.SemVer | undefined, existingTags: string[]): boolean {
  if (version) {
    if (version.prerelease.length > 0) return false
    return existingTags.every((tag) => semver.valid(tag) !== tag || semver.prerelease(tag) !== null || semver.lte(tag, version))
  }
  return !isPullRequestEvent(context) && onDefaultBranch(context)
}
