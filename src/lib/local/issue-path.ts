/** A validation issue's path as scenario errors name it: `regions.eu-west-1.sandbox.verifiedNumbers[2]`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }

  return out === '' ? '(top level)' : out
}
