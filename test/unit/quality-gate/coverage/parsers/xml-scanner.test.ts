import { describe, expect, test } from '@jest/globals'
import { MalformedReport } from '../../../../../src/quality-gate/coverage/malformed.js'
import { XmlScanner } from '../../../../../src/quality-gate/coverage/parsers/xml-scanner.js'

/** Scans `xml` in chunks of `size` bytes and lists what the handler saw. */
function scan(xml: string, size = 3, textIn = 'source'): string[] {
  const seen: string[] = []
  const open: string[] = []
  const scanner: XmlScanner = new XmlScanner({
    open(name, attributes) {
      open.push(name)
      scanner.textWanted = name === textIn
      const shown = ['a', 'b', 'n'].map((a) => [a, attributes.get(a), attributes.number(a)] as const).filter(([, v]) => v !== undefined)
      seen.push(`<${name}${shown.map(([a, v, n]) => ` ${a}=${JSON.stringify(v)}#${n}`).join('')}>`)
    },
    close(name) {
      open.pop()
      scanner.textWanted = open[open.length - 1] === textIn
      seen.push(`</${name}>`)
    },
    text(text) {
      seen.push(`text ${JSON.stringify(text)}`)
    }
  })
  const bytes = Buffer.from(xml)
  for (let at = 0; at < bytes.length; at += size) scanner.write(bytes.subarray(at, at + size))
  scanner.end()
  return seen
}

function failure(xml: string): string {
  try {
    scan(xml, 5)
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedReport)
    return (error as Error).message
  }
  throw new Error('accepted')
}

describe('what coverage reports contain', () => {
  test('prolog, DOCTYPE with an internal subset, comments and processing instructions are skipped', () => {
    const xml =
      '\ufeff<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "r.dtd" [ <!ENTITY x "<y>"> ]>\n<!-- c <r> -->\n<r><?pi <x>?><e a="1"/></r>\n'
    expect(scan(xml)).toEqual(['<r>', '<e a="1"#1>', '</e>', '</r>'])
  })

  test('attribute values: entities, single quotes, spaces around =, several lines, numbers', () => {
    const xml = `<r><e a = 'x &amp; &lt;y&gt; &quot;&apos; &#233;&#x20AC;'\n  b="2.5"\n n="12"/></r>`
    expect(scan(xml)).toEqual(['<r>', `<e a="x & <y> \\"' é€"#NaN b="2.5"#2.5 n="12"#12>`, '</e>', '</r>'])
  })

  test('text is read only where the handler wants it, across chunks, with CDATA and entities', () => {
    const xml = '<r>skipped<source> /srv/a&amp;b <![CDATA[/x<y>]]></source>also skipped</r>'
    expect(scan(xml, 2)).toEqual(['<r>', '<source>', 'text " /srv/a&b "', 'text "/x<y>"', '</source>', '</r>'])
  })

  test('a tag longer than the look-ahead used to finish a cut token (64 KB) is read whole', () => {
    const long = 'x'.repeat(300_000)
    expect(scan(`<r><e a="${long}" n="7"/></r>`, 100_000)).toEqual(['<r>', `<e a="${long}"#NaN n="7"#7>`, '</e>', '</r>'])
  })

  test('multi-byte characters cut by chunk boundaries survive in names and values', () => {
    expect(scan('<r><e a="café ünï"/></r>', 1)).toEqual(['<r>', '<e a="café ünï"#NaN>', '</e>', '</r>'])
  })
})

describe('malformed documents are refused with the line where it shows', () => {
  test.each([
    ['<r>\n<a>\n</b>\n</r>', 'line 3: </b> closes <a>'],
    ['<r>\n<a x="1">', 'line 2: the document ends before <a> is closed'],
    ['<r><a x="1"', 'line 1: the document ends inside a tag, comment or declaration'],
    ['<r>\n\n<a x=1/></r>', "line 3: unquoted attribute value in <a>"],
    ['<r><a x/></r>', 'line 1: attribute without a value in <a>'],
    ['<r><a x="1"y="2"/></r>', 'line 1: attributes of <a> must be separated by white space'],
    ['<r/>\n<r/>', 'line 2: <r> after the root element was closed'],
    ['', 'line 1: the document has no root element'],
    ['<!-- only a comment -->', 'line 1: the document has no root element'],
    ['<r></r></r>', 'line 1: </r> closes nothing']
  ])('%j', (xml, message) => {
    expect(failure(xml)).toBe(message)
  })

  test('an unknown entity or a bare & in a value is refused when the value is read', () => {
    expect(() => scan('<r><e a="&nbsp;"/></r>')).toThrow('unknown entity &nbsp;')
    expect(() => scan('<r><e a="a & b"/></r>')).toThrow("a bare '&' (write &amp;)")
  })
})
