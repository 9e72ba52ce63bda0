/**
 * The problems of a manifest as kubectl prints them — syntax errors, BadRequest and AlreadyExists
 * from the API server, `The Job "x" is invalid: ...` with one line per field error — each followed
 * by `  at <file>:<line>:<column>` when it points into the manifest. This module owns the message
 * shapes and the mapping from API field paths back to places in a document; load.ts decides
 * which problems there are.
 */
import type { DecodeProblem } from './decode.js'
import type { Entry } from './manifestEntries.js'
import { fieldErrorText, goQuote, type FieldError } from './validation/fieldErrors.js'
import { splitFieldPath } from './yaml/locate.js'
import type { ParsedDocument, Position, SyntaxProblem } from './yaml/parse.js'

/** Field path of an API error (`spec.template.spec.containers[0].image`) → place in the document. */
export type FieldLocator = (fieldPath: string) => Position | undefined

/** Field paths of API errors → places in the entry's document. */
export function fieldLocator(entry: Entry, podTemplate: boolean): FieldLocator {
  return fieldPath => {
    const segments = splitFieldPath(fieldPath)
    // ValidatePodTemplateSpec reports the template's labels at spec.template.labels.
    if (
      podTemplate &&
      segments[0] === 'spec' &&
      segments[1] === 'template' &&
      /^(labels|annotations)$/.test(segments[2])
    ) {
      segments.splice(2, 0, 'metadata')
    }
    return entry.doc.locate([...entry.base, ...segments])
  }
}

/** The problems found so far, in the order found, each the complete text for the user. */
export class ManifestProblems {
  readonly messages: string[] = []

  syntax(item: SyntaxProblem): void {
    const at = item.position ? `\n  at ${item.file}:${item.position.line}:${item.position.column}` : ''
    this.messages.push(`error parsing ${item.file}: ${item.message}${at}`)
  }

  /** The API server's 422: every distinct field error, each with its place. */
  invalid(
    kind: string,
    name: string,
    errors: readonly FieldError[],
    entry: Entry,
    locate: FieldLocator
  ): void {
    const seen = new Set<string>()
    const lines: string[] = []
    for (const error of errors) {
      const text = fieldErrorText(error)
      if (seen.has(text)) continue
      seen.add(text)
      const position = locate(error.field)
      lines.push(position ? `${text}\n  at ${entry.doc.file}:${position.line}:${position.column}` : text)
    }
    // apimachinery NewInvalid: the name with %q.
    const header = `The ${kind} ${goQuote(name)} is invalid: `
    this.messages.push(
      lines.length === 1 ? header + lines[0] : [header, ...lines.map(line => `* ${line}`)].join('\n')
    )
  }

  badRequest(entry: Entry, reason: string, problems: readonly DecodeProblem[]): void {
    const { file } = entry.doc
    const places = problems.flatMap(problem => {
      const position = entry.doc.locate([...entry.base, ...problem.path])
      if (!position) return []
      const what = problems.length > 1 ? ` (${problem.message})` : ''
      return [`\n  at ${file}:${position.line}:${position.column}${what}`]
    })
    this.messages.push(
      `Error from server (BadRequest): error when creating "${file}": ${reason}${places.join('')}`
    )
  }

  alreadyExists(entry: Entry, what: string): void {
    this.problem(
      entry.doc,
      [...entry.base, 'metadata', 'name'],
      `Error from server (AlreadyExists): error when creating "${entry.doc.file}": ${what} already exists`
    )
  }

  /** A message about the field at `path` of a document (arrow function: handed out as a callback). */
  readonly problem = (doc: ParsedDocument, path: string[], message: string): void => {
    const position = doc.locate(path)
    this.messages.push(
      position ? `${message}\n  at ${doc.file}:${position.line}:${position.column}` : message
    )
  }
}
