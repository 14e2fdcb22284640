/** Everything the demo starts registers its stop here; `stopAll` runs them newest first, once, also on Ctrl-C. */
type Stop = () => Promise<void> | void

const stops: { name: string; stop: Stop }[] = []
let stopping: Promise<void> | undefined

export function onCleanup(name: string, stop: Stop): void {
  stops.push({ name, stop })
}

export function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const { name, stop } of stops.reverse()) {
      try {
        await stop()
      } catch (error) {
        console.error(`demo: stopping ${name} failed: ${(error as Error).message}`)
      }
    }
  })()
  return stopping
}

/** Ctrl-C / SIGTERM: stop every process the demo started, then exit 130 / 143. */
export function stopOnSignals(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      console.error(`\ndemo: ${signal}, stopping everything it started...`)
      void stopAll().then(() => process.exit(code))
    })
  }
}
