import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { maskSecret } from '../../../../src/lib/action/secrets.js'

let printed = ''
const write = process.stdout.write.bind(process.stdout)
beforeEach(() => {
  printed = ''
  process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write
})
afterEach(() => {
  process.stdout.write = write
})
const masks = () => [...printed.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1])

describe('maskSecret', () => {
  it('masks a one-line secret whole', () => {
    maskSecret('hunter2')
    expect(masks()).toEqual(['hunter2'])
  })

  it("masks a kubeconfig's credentials line by line but leaves its structure readable", () => {
    const token = '3795267d77220e5f356d000dd713dad775b65cd0d0b9e85c'
    const key = 'LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSUFi'
    maskSecret(`apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    token: ${token}\n    client-key-data: ${key}\n`)
    const registered = masks()
    expect(registered).toContain(token)
    expect(registered).toContain(key)
    for (const structural of ['kind: Config', '- name: admin', 'users:', 'apiVersion: v1']) expect(registered).not.toContain(structural)
  })

  it("leaves a kubeconfig's long key names and cluster names unmasked, so those words stay readable in the job log", () => {
    const caData = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJvakNDQVVlZ0F3'
    maskSecret(`clusters:\n- name: pipeline-actions\n  cluster:\n    certificate-authority-data: ${caData}\n    server: https://kube.example.internal:6443\n`)
    const registered = masks()
    expect(registered).toContain(caData)
    for (const name of ['pipeline-actions', 'certificate-authority-data', 'kube.example.internal']) expect(registered).not.toContain(name)
  })

  it('still masks a lower-case token of a multi-line secret when it carries a digit', () => {
    maskSecret('user: deploy\npassword: s3cretpassphrasewithdigit\n')
    expect(masks()).toContain('s3cretpassphrasewithdigit')
  })

  it('masks every line of a PEM body', () => {
    const lines = ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', 'VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDu']
    maskSecret(`-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----`)
    for (const line of lines) expect(masks()).toContain(line)
  })

  it('ignores an empty value', () => {
    maskSecret('  ')
    expect(masks()).toEqual([])
  })
})
