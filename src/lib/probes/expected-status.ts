/** `expected-status`: HTTP status codes as a list of codes and ranges, e.g. `200-299,304`. Pure. */

export interface StatusRange {
  from: number
  to: number
}

export type StatusParse = { ok: true; ranges: StatusRange[] } | { ok: false; problem: string }

const CODE = /^[1-5]\d\d$/

export function parseExpectedStatus(text: string): StatusParse {
  const ranges: StatusRange[] = []
  for (const raw of text.split(/[,\s]+/).filter((part) => part !== '')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(raw)
    if (!match || !CODE.test(match[1]!) || (match[2] !== undefined && !CODE.test(match[2]))) {
      return { ok: false, problem: `'${raw}' is not a status code (100-599) or a range of them` }
    }
    const from = Number(match[1])
    const to = match[2] === undefined ? from : Number(match[2])
    if (to < from) return { ok: false, problem: `the range '${raw}' ends before it starts` }
    ranges.push({ from, to })
  }
  if (ranges.length === 0) return { ok: false, problem: 'no status code given' }
  return { ok: true, ranges }
}

export const statusMatches = (ranges: StatusRange[], status: number): boolean => ranges.some((r) => status >= r.from && status <= r.to)

export const describeStatuses = (ranges: StatusRange[]): string => ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(',')
