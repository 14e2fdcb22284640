import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputErrors } from '../../../../src/lib/action/errors.js'
import { Inputs } from '../../../../src/lib/action/inputs.js'
import { looksLikePath, readKubeconfigInput } from '../../../../src/lib/kube/kubeconfig-input.js'

const workspace = mkdtempSync(path.join(tmpdir(), 'kubeconfig-input-'))
const outside = mkdtempSync(path.join(tmpdir(), 'kubeconfig-outside-'))
afterAll(() => {
  for (const dir of [workspace, outside]) rmSync(dir, { recursive: true, force: true })
})
const CONTENT = 'apiVersion: v1\nkind: Config\nclusters:\n  - name: c\n    cluster: { server: https://127.0.0.1:6443 }\n'
const roots = [{ name: 'the workspace', dir: workspace }]

function read(value: string): { content: string; problem?: string } {
  const inputs = new Inputs((name) => (name === 'kubeconfig' ? value : ''))
  const content = readKubeconfigInput(inputs, roots)
  try {
    inputs.done()
    return { content }
  } catch (error) {
    expect(error).toBeInstanceOf(InputErrors)
    return { content, problem: (error as Error).message }
  }
}

describe('the kubeconfig input', () => {
  it('tells a path from content: YAML, flow YAML and base64 are content', () => {
    expect(looksLikePath('.kube/config')).toBe(true)
    expect(looksLikePath('/home/runner/work/_temp/kubeconfig')).toBe(true)
    expect(looksLikePath(CONTENT)).toBe(false)
    expect(looksLikePath('{apiVersion: v1, clusters: []}')).toBe(false)
    expect(looksLikePath(Buffer.from(CONTENT).toString('base64'))).toBe(false)
  })

  it('content is passed on as given', () => {
    expect(read(CONTENT)).toEqual({ content: CONTENT.trim() })
  })

  it('a path to a file in the workspace is read, relative or absolute', () => {
    mkdirSync(path.join(workspace, '.kube'), { recursive: true })
    writeFileSync(path.join(workspace, '.kube', 'config'), CONTENT)
    expect(read('.kube/config')).toEqual({ content: CONTENT })
    expect(read(path.join(workspace, '.kube', 'config'))).toEqual({ content: CONTENT })
  })

  it('a path that does not exist, or leaves the workspace, is refused naming the input and what is accepted', () => {
    expect(read('missing/config').problem).toMatch(/Input 'kubeconfig'.*kubeconfig content \(YAML or its base64\), or the path of a kubeconfig file in the workspace/)
    writeFileSync(path.join(outside, 'config'), CONTENT)
    const escaped = read(path.join(outside, 'config'))
    expect(escaped.problem).toMatch(/Input 'kubeconfig'/)
    expect(escaped.content).toBe('')
  })
})
