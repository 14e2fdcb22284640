/**
 * API errors as a real API server reports them: an HTTP status plus a meta/v1 Status body
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#response-status-kind). Message texts follow
 * k8s.io/apimachinery/pkg/api/errors so clients that match on them behave the same.
 */
import { qualifiedName, type ResourceType } from './resources.js'

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  uid?: string
  causes?: Array<{ reason?: string; message: string; field?: string }>
  retryAfterSeconds?: number
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
  }

  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code
    }
  }
}

const details = (type: ResourceType, name?: string): StatusDetails => ({
  ...(name !== undefined ? { name } : {}),
  ...(type.group !== '' ? { group: type.group } : {}),
  kind: type.resource
})

export const notFound = (type: ResourceType, name: string): ApiError =>
  new ApiError(404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, details(type, name))

export const alreadyExists = (type: ResourceType, name: string): ApiError =>
  new ApiError(409, 'AlreadyExists', `${qualifiedName(type)} "${name}" already exists`, details(type, name))

export const conflict = (type: ResourceType, name: string): ApiError =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(type, name)
  )

export const invalid = (type: ResourceType, name: string, causes: Array<{ field: string; message: string }>): ApiError =>
  new ApiError(
    422,
    'Invalid',
    `${type.group === '' ? type.kind : `${type.kind}.${type.group}`} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { ...details(type, name), kind: type.kind, causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })) }
  )

export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message)

export const unsupportedMediaType = (contentType: string): ApiError =>
  new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${contentType})`)

export const methodNotAllowed = (method: string): ApiError =>
  new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`)

export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized', 'Unauthorized')

/** The authorizer's refusal (apiserver responsewriters forbiddenMessage): a subresource shows as `pods/proxy`. */
export const forbidden = (user: string, verb: string, type: ResourceType, namespace: string | undefined, name?: string, subresource?: string): ApiError =>
  new ApiError(
    403,
    'Forbidden',
    `${qualifiedName(type)}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${type.resource}${subresource ? `/${subresource}` : ''}" in API group "${type.group}"${namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'}`,
    details(type, name)
  )

export const gone = (message: string): ApiError => new ApiError(410, 'Expired', message)

export const tooManyRequests = (retryAfterSeconds: number): ApiError =>
  new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) })

export const serverError = (code: number, message = 'Internal error occurred: injected fault'): ApiError =>
  new ApiError(code, code === 503 ? 'ServiceUnavailable' : code === 504 ? 'Timeout' : 'InternalError', message)
