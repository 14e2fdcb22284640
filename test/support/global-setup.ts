/** Fails the run early when jest is not on the Node the actions run on (runs.using: node24). */
export default function globalSetup(): void {
  const major = Number(process.versions.node.split('.')[0])
  if (major < 24) {
    throw new Error(
      `tests need Node >= 24 (the runtime of runs.using: node24), got ${process.version}: run them through npm (npm test), which puts node_modules/.bin/node first`
    )
  }
}
