/**
 * Just enough XML writing for the AWS query protocol (SNS, STS, IAM): structures as nested
 * elements, lists as `<member>`, maps as `<entry><key/><value/></entry>`, timestamps as ISO 8601.
 */

/** Marks an object as an XML map (entries), not a structure. Key/value element names vary per shape. */
export class XmlMap {
  constructor(
    readonly entries: Record<string, unknown>,
    readonly keyName = 'key',
    readonly valueName = 'value',
  ) {}
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;')
}

/** The children of an element holding `value` (no enclosing tag). Undefined and null are omitted. */
export function xmlContent(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (value instanceof Date) return escapeXml(value.toISOString())
  if (value instanceof XmlMap) {
    return Object.entries(value.entries)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<entry>${element(value.keyName, k)}${element(value.valueName, v)}</entry>`)
      .join('')
  }

  if (Array.isArray(value)) return value.map((item) => element('member', item)).join('')
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('')
  }

  return escapeXml(String(value))
}

export function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return ''
  const inner = xmlContent(value)
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`
}
