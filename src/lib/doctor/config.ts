/**
 * Project settings for `doctor`, so a CI step is one line: `mfa-sms.config.json` in the working
 * directory (or --config <file>), or an "mfa-sms" key in package.json. Validated with zod; flags
 * always win. Never holds credentials: Auth0 and AWS secrets come from the environment only.
 */
import {readFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'

import {z} from 'zod'

import {badInput} from '../../errors.js'

export const CONFIG_FILE = 'mfa-sms.config.json'

const ids = z.union([z.string().min(1), z.array(z.string().min(1))]).transform((v) => (Array.isArray(v) ? v : [v]))

export const doctorSettingsSchema = z
  .object({
    allPools: z.boolean().optional(),
    check: ids.optional(),
    failOn: z.enum(['warn', 'fail']).optional(),
    format: z.enum(['human', 'json', 'junit', 'github']).optional(),
    skip: ids.optional(),
    timeoutSeconds: z.number().positive().max(600).optional(),
  })
  .strict()

export const projectConfigSchema = z
  .object({
    auth0: z
      .object({
        domain: z.string().min(1).optional(),
      })
      .strict()
      .refine((a) => !('clientSecret' in a), 'credentials do not belong here')
      .optional(),
    /** ISO-2 countries the product serves (origination and sender-ID checks). */
    countries: z.array(z.string().regex(/^[A-Za-z]{2}$/, 'expected a 2-letter country code such as US')).optional(),
    doctor: doctorSettingsSchema.optional(),
    endpointUrl: z.string().url().optional(),
    phones: z.array(z.string().min(1)).optional(),
    profile: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
    userPoolId: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  })
  // Other commands may add their own sections.
  .passthrough()

export type ProjectConfig = z.infer<typeof projectConfigSchema>

export interface LoadedConfig {
  config: ProjectConfig
  /** Where it came from, for messages ("mfa-sms.config.json", "package.json#mfa-sms"). */
  source?: string
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('; ')
}

export function parseProjectConfig(data: unknown, source: string): ProjectConfig {
  const parsed = projectConfigSchema.safeParse(data)
  if (!parsed.success) {
    throw badInput('BAD_CONFIG', `${source} is not a valid mfa-sms configuration: ${formatIssues(parsed.error)}`, [`fix ${source}, or pass --config with another file`])
  }

  return parsed.data
}

async function readJson(path: string, label: string): Promise<unknown> {
  const text = await readFile(path, 'utf8')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw badInput('BAD_CONFIG', `${label} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, [`fix ${label}`])
  }
}

function isMissing(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && (error as {code?: string}).code === 'ENOENT')
}

/** Loads --config, else ./mfa-sms.config.json, else package.json's "mfa-sms" key, else nothing. */
export async function loadProjectConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  if (explicit) {
    const path = resolve(cwd, explicit)
    try {
      return {config: parseProjectConfig(await readJson(path, explicit), explicit), source: explicit}
    } catch (error) {
      if (isMissing(error)) throw badInput('BAD_CONFIG', `--config ${explicit} does not exist.`, ['check the path'])
      throw error
    }
  }

  try {
    return {config: parseProjectConfig(await readJson(join(cwd, CONFIG_FILE), CONFIG_FILE), CONFIG_FILE), source: CONFIG_FILE}
  } catch (error) {
    if (!isMissing(error)) throw error
  }

  try {
    const pkg = (await readJson(join(cwd, 'package.json'), 'package.json')) as Record<string, unknown>
    if (pkg && typeof pkg === 'object' && 'mfa-sms' in pkg) {
      return {config: parseProjectConfig(pkg['mfa-sms'], 'package.json "mfa-sms"'), source: 'package.json "mfa-sms"'}
    }
  } catch (error) {
    if (!isMissing(error)) throw error
  }

  return {config: {}}
}
