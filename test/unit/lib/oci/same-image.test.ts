import { describe, expect, it } from '@jest/globals'
import { parseReference } from '../../../../src/lib/oci/reference.js'
import { formatReference, sameImage } from '../../../../src/lib/oci/same-image.js'

const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`
const ref = parseReference

describe('sameImage', () => {
  it('the same tag, however the registry and library path are written, is the same image', () => {
    expect(sameImage(ref('nginx:1.27'), ref('docker.io/library/nginx:1.27'))).toEqual({ same: true, by: 'tag' })
    expect(sameImage(ref('nginx'), ref('index.docker.io/library/nginx:latest'))).toEqual({ same: true, by: 'tag' })
  })

  it('another repository is never the same image, whatever the digests', () => {
    expect(sameImage(ref(`ghcr.io/acme/web@${D1}`), ref(`ghcr.io/acme/api@${D1}`))).toMatchObject({ same: false, why: 'ghcr.io/acme/web is another repository than ghcr.io/acme/api' })
  })

  it('digests decide when both sides have one; the written digest wins over the tag', () => {
    expect(sameImage(ref(`r.io/web:1@${D1}`), ref(`r.io/web@${D1}`))).toEqual({ same: true, by: 'digest' })
    expect(sameImage(ref(`r.io/web:1@${D1}`), ref(`r.io/web:1@${D2}`))).toMatchObject({ same: false })
  })

  it('a tag against a digest needs the tag resolved, then compares digests', () => {
    expect(sameImage(ref('r.io/web:1.2.3'), ref(`r.io/web@${D1}`))).toEqual({ same: 'unknown', needs: [ref('r.io/web:1.2.3')] })
    const resolved = (r: ReturnType<typeof ref>) => (formatReference(r) === 'r.io/web:1.2.3' ? D1 : undefined)
    expect(sameImage(ref('r.io/web:1.2.3'), ref(`r.io/web@${D1}`), resolved)).toEqual({ same: true, by: 'digest' })
    expect(sameImage(ref('r.io/web:1.2.3'), ref(`r.io/web@${D2}`), resolved)).toMatchObject({ same: false, why: `r.io/web:1.2.3 is ${D1}, r.io/web@${D2} is ${D2}` })
  })

  it('two different tags may name one digest: both are resolved before answering', () => {
    expect(sameImage(ref('r.io/web:1.2.3'), ref('r.io/web:sha-abc'))).toEqual({ same: 'unknown', needs: [ref('r.io/web:1.2.3'), ref('r.io/web:sha-abc')] })
    expect(sameImage(ref('r.io/web:1.2.3'), ref('r.io/web:sha-abc'), () => D1)).toEqual({ same: true, by: 'digest' })
  })
})
