import { describe, expect, it } from '@jest/globals'
import { neutraliseCommands, oneLine } from '../../../../src/lib/action/log-text.js'

describe('outside text in the log', () => {
  it('quotes every line the runner would read as a workflow command, leading white space included', () => {
    expect(neutraliseCommands('probe 1/3: body\n::error::forged\n  ::warning::too\n##[error]old\nfine :: here')).toBe(
      'probe 1/3: body\n> ::error::forged\n>   ::warning::too\n> ##[error]old\nfine :: here'
    )
    expect(neutraliseCommands('::add-mask::x')).toBe('> ::add-mask::x')
  })

  it('shows line breaks of a fragment as \\n', () => {
    expect(oneLine('{"status":"DOWN"}\r\n::error::x\ny')).toBe('{"status":"DOWN"}\\n::error::x\\ny')
  })
})
