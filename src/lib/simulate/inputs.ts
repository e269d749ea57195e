/**
 * The KEY=VALUE inputs of `mfa-sms simulate` (--env, --secret, --client-metadata, --attribute) and
 * the files behind --env-file / --secrets-file (dotenv syntax, or a JSON object).
 */
import {readFile} from 'node:fs/promises'

import {badInput} from '../../errors.js'

const KEY = /^[A-Za-z_][A-Za-z0-9_.:-]*$/

/** Parses repeated `KEY=VALUE` flags; later ones win. */
export function parsePairs(values: readonly string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const raw of values ?? []) {
    const at = raw.indexOf('=')
    const key = at < 0 ? raw : raw.slice(0, at)
    if (at < 0 || !KEY.test(key)) {
      throw badInput('BAD_KEY_VALUE', `${flag} "${raw}" is not KEY=VALUE.`, [`e.g. ${flag} ${flag === '--client-metadata' ? 'source=app' : 'KEY_ARN=arn:aws:kms:…'}`])
    }

    out[key] = raw.slice(at + 1)
  }

  return out
}

/** dotenv lines: KEY=VALUE, optional `export `, # comments, single/double quotes (double quotes know \n). */
export function parseDotenv(text: string, source: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(trimmed)
    if (!match) throw badInput('BAD_ENV_FILE', `${source} line ${index + 1} is not KEY=VALUE: ${JSON.stringify(trimmed.slice(0, 60))}`)
    let value = match[2]!
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      value = value.slice(1, -1).replaceAll('\\n', '\n').replaceAll('\\"', '"')
    } else if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) {
      value = value.slice(1, -1)
    } else {
      value = value.replace(/\s+#.*$/, '')
    }

    out[match[1]!] = value
  }

  return out
}

/** Reads a dotenv file, or a JSON object of strings when it starts with `{`. */
export async function readKeyValueFile(path: string, flag: string): Promise<Record<string, string>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw badInput('FILE_NOT_READABLE', `${flag} ${path} cannot be read: ${(error as Error).message}`)
  }

  if (text.trimStart().startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch (error) {
      throw badInput('BAD_ENV_FILE', `${flag} ${path} is not valid JSON: ${(error as Error).message}`)
    }

    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badInput('BAD_ENV_FILE', `${flag} ${path} must hold a JSON object`)
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
  }

  return parseDotenv(text, `${flag} ${path}`)
}
