// The one way a Diagnostic is built: a file, where in it (a range, or line 1 column 1), a rule, a severity, a message
// and perhaps a fix. Pure: builds the value only; never decides a rule, never reads a file.
import type { Diagnostic, Fix, Position, Post, Severity } from './model.js'

/** Where a diagnostic points: its first and last character (a Range has these and its offsets). */
export interface Span {
  start: Position
  end: Position
}

/** A diagnostic on `file` at `span` (line 1, column 1 and no end without one). */
export function diagnosticIn(
  file: string,
  span: Span | undefined,
  rule: string,
  severity: Severity,
  message: string,
  fix?: Fix
): Diagnostic {
  const d: Diagnostic = {
    file,
    line: span?.start.line ?? 1,
    column: span?.start.column ?? 1,
    rule,
    severity,
    message
  }
  if (span) {
    d.endLine = span.end.line
    d.endColumn = span.end.column
  }
  if (fix) d.fix = fix
  return d
}

/** A diagnostic on a post (what every rule returns). */
export function diagnosticAt(
  post: Post,
  span: Span | undefined,
  rule: string,
  severity: Severity,
  message: string,
  fix?: Fix
): Diagnostic {
  return diagnosticIn(post.file.path, span, rule, severity, message, fix)
}
