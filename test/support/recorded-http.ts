/**
 * HTTP to other hosts answered only by nock recordings, for one test file: real connections are refused (loopback
 * ones may be allowed, for the local cluster or a local service), recordings are cleared after each test, and at the end
 * node's http and fetch are handed back, since nock patches them for the whole worker process and the next test file
 * in it would otherwise inherit the patch.
 */
import { afterAll, afterEach, beforeAll, expect } from '@jest/globals'
import nock from 'nock'

export interface RecordedHttpOptions {
  /** Let connections to 127.0.0.1 through. */
  allowLoopback?: boolean
  /** After each test, every recorded answer must have been asked for. */
  expectAllUsed?: boolean
}

export function recordedHttpOnly(options: RecordedHttpOptions = {}): void {
  beforeAll(() => {
    nock.disableNetConnect()
    if (options.allowLoopback) nock.enableNetConnect('127.0.0.1')
  })
  afterEach(() => {
    if (options.expectAllUsed) expect(nock.isDone()).toBe(true)
    nock.cleanAll()
  })
  afterAll(() => {
    nock.enableNetConnect()
    nock.restore()
  })
}
