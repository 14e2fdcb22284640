/**
 * The meta/v1 Status bodies the API server answers errors with, built as k8s.io/apimachinery/pkg/api/errors and
 * k8s.io/apiserver's responsewriters build them (same messages, reasons, details, and field order).
 */
import { qualifiedResource, type RequestInfo } from './request-info.js'

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  retryAfterSeconds?: number
}

export interface Status {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: Record<string, never>
  status: 'Failure'
  message: string
  reason: string
  details?: StatusDetails
  code: number
}

/** metav1.StatusReason per code, as the apiserver's error constructors pick them. */
const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout'
}

/** Default texts: client-go's for a bare status code (NewGenericServerResponse). */
const MESSAGES: Record<number, string> = {
  400: 'the server rejected our request for an unknown reason',
  401: 'Unauthorized',
  404: 'the server could not find the requested resource',
  405: 'the server does not allow this method on the requested resource',
  409: 'the server reported a conflict',
  422: 'the server rejected our request due to an error in our request',
  429: 'the server has received too many requests and has asked us to try again later',
  503: 'the server is currently unable to handle the request',
  504: 'the server was unable to return a response in the time allotted, but may still be processing the request'
}

export function status(code: number, message: string, reason?: string, details?: StatusDetails): Status {
  const compact = details && Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined && value !== '' && value !== 0))
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: reason ?? REASONS[code] ?? (code >= 500 ? 'InternalError' : ''),
    // Go omits empty fields, but a details object that was set stays, even empty.
    ...(compact && { details: compact }),
    code
  }
}

export function errorStatus(code: number, message?: string): Status {
  return status(code, message ?? MESSAGES[code] ?? `an error on the server ("injected fault") has prevented the request from succeeding`)
}

const resourceDetails = (info: RequestInfo, name = info.name): StatusDetails => ({ name, group: info.apiGroup, kind: info.resource })

/** NewConflict with the registry's optimistic-lock message: what a stale resourceVersion on update gets. */
export function conflictStatus(info: RequestInfo, name = info.name): Status {
  return status(
    409,
    `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    'Conflict',
    resourceDetails(info, name)
  )
}

/** responsewriters.ForbiddenStatusError: the RBAC denial for this user, verb and resource. */
export function forbiddenStatus(info: RequestInfo, user: string, reason = ''): Status {
  let text: string
  if (!info.isResourceRequest) text = `User "${user}" cannot ${info.verb} path "${info.path}"`
  else {
    const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource
    const scope = info.namespace ? `in the namespace "${info.namespace}"` : 'at the cluster scope'
    text = `User "${user}" cannot ${info.verb} resource "${resource}" in API group "${info.apiGroup}" ${scope}`
  }
  text = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') + (reason ? `: ${reason}` : '')
  const subject = !info.isResourceRequest ? 'forbidden' : info.name ? `${qualifiedResource(info)} "${info.name}" is forbidden` : `${qualifiedResource(info)} is forbidden`
  return status(403, `${subject}: ${text}`, 'Forbidden', info.isResourceRequest ? resourceDetails(info) : {})
}

/** NewTooManyRequests, as the watch cache answers while it (re)initializes. */
export function tooManyRequestsStatus(retryAfterSeconds: number, message = 'storage is (re)initializing'): Status {
  return status(429, message, 'TooManyRequests', { retryAfterSeconds })
}

/** NewResourceExpired, as the watch cache words a resourceVersion older than its window. */
export function expiredStatus(resourceVersion: string | null, message?: string): Status {
  const rv = Number(resourceVersion ?? 0)
  return status(410, message ?? `too old resource version: ${rv} (${rv + 1})`, 'Expired')
}
