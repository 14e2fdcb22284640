// Regenerates action-docs.md from actions/*/action.yml with action-docs: a skeleton with one marked section per
// action, then action-docs fills each section (description, inputs, outputs, runs, usage).
import { spawnSync } from 'node:child_process'
import { readdirSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const file = path.join(root, 'action-docs.md')
const actions = readdirSync(path.join(root, 'actions'))
  .filter((name) => existsSync(path.join(root, 'actions', name, 'action.yml')))
  .sort()

const sections = actions.map((name) => {
  const source = `actions/${name}/action.yml`
  return [
    `## ${name}`,
    '',
    `<!-- action-docs-description source="${source}" -->`,
    `<!-- action-docs-inputs source="${source}" -->`,
    `<!-- action-docs-outputs source="${source}" -->`,
    `<!-- action-docs-runs source="${source}" -->`,
    `<!-- action-docs-usage source="${source}" project="<org>/pipeline-actions/actions/${name}" version="v1" -->`,
    ...roleSection(name),
    ''
  ].join('\n')
})

/** The Kubernetes Role an action documents (actions/<name>/role.yaml), shown as it is to apply. */
function roleSection(name) {
  const role = path.join(root, 'actions', name, 'role.yaml')
  if (!existsSync(role)) return []
  return [
    '',
    '### Kubernetes permissions',
    '',
    `The namespaced Role the action needs and nothing more ([actions/${name}/role.yaml](actions/${name}/role.yaml);`,
    '`test/contract/least-privilege.test.ts` runs the action with a token bound only to it). A refused request fails the',
    'step naming the verb, the resource and the namespace.',
    '',
    '```yaml',
    readFileSync(role, 'utf8').trimEnd(),
    '```'
  ]
}
writeFileSync(
  file,
  [
    '# Action reference',
    '',
    'Generated from the `action.yml` files by `npm run docs` ([action-docs](https://github.com/npalm/action-docs)); do not edit by hand.',
    '',
    ...actions.map((name) => `- [${name}](#${name})`),
    '',
    ...sections
  ].join('\n')
)
for (const name of actions) {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/action-docs/lib/cli.js'), '--no-banner', '-t', '3', '-s', `actions/${name}/action.yml`, '-u', 'action-docs.md'],
    { cwd: root, stdio: 'inherit' }
  )
  if (result.status !== 0) process.exit(result.status ?? 1)
}

// The Marketplace lists only a repository's root action.yml: the root is quality-gate, the action every team can
// adopt first, generated from actions/quality-gate/action.yml so the two never drift. The other actions are used by
// path (<org>/pipeline-actions/actions/<name>@v1).
const flagship = readFileSync(path.join(root, 'actions/quality-gate/action.yml'), 'utf8')
writeFileSync(
  path.join(root, 'action.yml'),
  '# Generated from actions/quality-gate/action.yml by npm run docs (the Marketplace lists only a root action.yml).\n' +
    flagship.replaceAll("'../../dist/quality-gate/index.js'", "'dist/quality-gate/index.js'")
)
