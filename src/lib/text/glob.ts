/** A regular expression's source for a wildcard pattern: `*` any run of characters, `?` one character, the rest literal. */
export function globSource(pattern: string): string {
  return pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('')
}
