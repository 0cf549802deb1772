// The trust boundary on disk: whether a path the repository controls (an input, a config key, a post, a link) stays
// inside the workspace once symbolic links are followed. Takes the root as a parameter; never reads a file's bytes.
import { lstatSync, realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'

/** Why a path was refused, as the one line says it. */
export type Refusal = 'leaves the repository' | 'is a symbolic link to outside the repository'

export type Resolved =
  /** The file (or folder) exists inside the root; `path` is its real absolute path. */
  | { kind: 'inside'; path: string }
  /** Nothing there (and no link out): callers apply their defaults. */
  | { kind: 'missing'; path: string }
  | { kind: 'outside'; rule: Refusal }

/** The real path of `root` (a workspace under a linked /tmp still contains its own files). */
export function realRoot(root: string): string {
  try {
    return realpathSync(root)
  } catch {
    return resolve(root)
  }
}

/** True when the absolute `path` is `root` or below it (both real paths). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/**
 * Resolves `path` (relative to `base`, itself inside `root`; absolute is taken as given) and follows every symbolic
 * link. Refused when the path as written leaves `root` ("leaves the repository") or when a link takes it out
 * ("is a symbolic link to outside the repository"). A dangling link counts as missing only when it points inside.
 */
export function resolveInside(root: string, path: string, base: string = root): Resolved {
  const realBase = realRoot(root)
  const lexical = resolve(base, path)
  if (!isWithin(resolve(root), lexical) && !isWithin(realBase, lexical)) return { kind: 'outside', rule: 'leaves the repository' }
  let real: string
  try {
    real = realpathSync(lexical)
  } catch {
    // Missing: a dangling link (or a link in a parent folder) may still point out; refuse that rather than guess.
    return danglingOut(realBase, lexical) ? { kind: 'outside', rule: 'is a symbolic link to outside the repository' } : { kind: 'missing', path: lexical }
  }
  if (!isWithin(realBase, real)) return { kind: 'outside', rule: 'is a symbolic link to outside the repository' }
  return { kind: 'inside', path: real }
}

/** True when some existing ancestor of `path` (or the path itself, as a link) resolves outside `root`. */
function danglingOut(root: string, path: string): boolean {
  let here = path
  for (;;) {
    try {
      lstatSync(here)
      // The deepest part that exists: where it really is decides.
      try {
        return !isWithin(root, realpathSync(here))
      } catch {
        return true // a dangling link: its target is not in the repository as far as anyone can tell
      }
    } catch {
      const up = resolve(here, '..')
      if (up === here) return false
      here = up
    }
  }
}

/** The one line for a refused path: `Input 'schema': 'x/../../y' leaves the repository` style subject first. */
export function refusalLine(subject: string, rule: Refusal): string {
  return `${subject} ${rule}; nothing outside the repository is read.`
}
