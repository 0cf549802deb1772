// One error type for everything the simulated GitHub refuses, carrying both its REST form (status, body
// errors) and its GraphQL form (error `type`). Only describes a refusal; never decides one.

export interface RestFieldError {
  resource: string
  field?: string
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom'
  message?: string
  value?: unknown
}

export type GraphqlErrorType =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNPROCESSABLE'
  | 'INSUFFICIENT_SCOPES'
  | 'RATE_LIMITED'
  | 'MISSING_PAGINATION_BOUNDARIES'
  | 'EXCESSIVE_PAGINATION'
  | 'ARGUMENT_LIMIT'
  | 'SIMULATOR_UNIMPLEMENTED'

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly graphqlType: GraphqlErrorType,
    readonly fieldErrors?: RestFieldError[]
  ) {
    super(message)
    this.name = 'SimError'
  }
}

export const notFound = (message = 'Not Found') => new SimError(404, message, 'NOT_FOUND')
export const forbidden = (message = 'Resource not accessible by integration') =>
  new SimError(403, message, 'FORBIDDEN')
export const validationFailed = (errors: RestFieldError[], message = 'Validation Failed') =>
  new SimError(422, message, 'UNPROCESSABLE', errors)
export const unprocessable = (message: string) => new SimError(422, message, 'UNPROCESSABLE')
export const unimplemented = (what: string) =>
  new SimError(
    501,
    `github-sim does not implement ${what}; add it to test/github-sim before relying on it`,
    'SIMULATOR_UNIMPLEMENTED'
  )
