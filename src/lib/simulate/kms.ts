/**
 * Where custom sender codes are encrypted: the in-process `mfa-sms local` KMS key store (local
 * handlers and --dry-run, never real AWS), or the real KMS through the session (deployed targets).
 */
import {createHash} from 'node:crypto'

import {badInput} from '../../errors.js'
import type {AwsSession} from '../aws/clients.js'
import {createKmsEngine, type KmsEngine, type KmsKeySeed, kmsOperations} from '../local/kms-engine.js'
import {KMS_PROTOCOL, type ServiceDefinition} from '../local/registry.js'
import type {KmsLike} from './encryption.js'

export interface KeyReference {
  /** The alias the user named, if any (alias/…). */
  alias?: string
  /** Full key ARN. */
  arn: string
  keyId: string
  region: string
  account: string
}

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/

/** A stable key id (UUID v4 shape) from a seed string. */
export function keyIdFrom(seed: string): string {
  const bytes = createHash('sha256').update(`mfa-sms-simulate-key\0${seed}`).digest()
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/**
 * What --kms-key-id (or the pool's KMSKeyID) names, as a key in the local store: a key ARN, an
 * alias ARN, `alias/name` or a bare key id. Aliases get a made-up key behind them.
 */
export function resolveLocalKey(input: string | undefined, region: string, account: string): KeyReference {
  if (input === undefined || input.trim() === '') {
    const keyId = keyIdFrom(`mfa-sms-simulate/${account}/${region}`)
    return {account, alias: 'alias/mfa-sms-simulate', arn: `arn:aws:kms:${region}:${account}:key/${keyId}`, keyId, region}
  }

  const value = input.trim()
  const arn = ARN.exec(value)
  if (arn) {
    const [, partition, keyRegion, keyAccount, type, rest] = arn as unknown as [string, string, string, string, string, string]
    if (type === 'key') {
      if (!KEY_ID.test(rest)) throw badKey(value, 'the part after key/ must be a key id (a UUID)')
      return {account: keyAccount, arn: value, keyId: rest, region: keyRegion}
    }

    const keyId = keyIdFrom(`${keyAccount}/${keyRegion}/alias/${rest}`)
    return {account: keyAccount, alias: `alias/${rest}`, arn: `arn:${partition}:kms:${keyRegion}:${keyAccount}:key/${keyId}`, keyId, region: keyRegion}
  }

  if (value.startsWith('alias/')) {
    const keyId = keyIdFrom(`${account}/${region}/${value}`)
    return {account, alias: value, arn: `arn:aws:kms:${region}:${account}:key/${keyId}`, keyId, region}
  }

  if (KEY_ID.test(value)) return {account, arn: `arn:aws:kms:${region}:${account}:key/${value}`, keyId: value, region}
  throw badKey(value, 'expected a key ARN, an alias ARN, alias/<name> or a key id')
}

function badKey(value: string, why: string) {
  return badInput('BAD_KMS_KEY', `--kms-key-id "${value}" is not a KMS key: ${why}.`, ['e.g. --kms-key-id arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'])
}

/** KMS keys of the in-process endpoint: one engine per region, holding the scenario's keys plus the ones simulate needs. */
export class LocalKeyStore {
  private readonly engines = new Map<string, KmsEngine>()
  private readonly seeds = new Map<string, KmsKeySeed[]>()

  constructor(
    readonly accountId: string,
    private readonly seed = 'mfa-sms-simulate',
  ) {}

  /** Adds keys for a region (before its engine is first used). */
  addKeys(region: string, keys: KmsKeySeed[]): void {
    if (this.engines.has(region)) throw new Error(`kms: keys for ${region} must be added before first use`)
    const list = this.seeds.get(region) ?? []
    for (const key of keys) {
      const id = key.keyId ?? key.arn?.split('/').pop()
      const existing = list.find((k) => (k.keyId ?? k.arn?.split('/').pop()) === id)
      if (existing) existing.aliases = [...new Set([...(existing.aliases ?? []), ...(key.aliases ?? [])])]
      else list.push({...key, aliases: [...(key.aliases ?? [])]})
    }

    this.seeds.set(region, list)
  }

  /** Makes sure `ref` exists (with its alias) in its region. */
  ensure(ref: KeyReference): void {
    this.addKeys(ref.region, [{aliases: ref.alias ? [ref.alias] : [], description: 'mfa-sms simulate: custom sender key', keyId: ref.keyId}])
  }

  engine(region: string): KmsEngine {
    let engine = this.engines.get(region)
    if (!engine) {
      engine = createKmsEngine({accountId: this.accountId, keys: this.seeds.get(region) ?? [], region, seed: this.seed})
      this.engines.set(region, engine)
    }

    return engine
  }

  /** The KMS service for startLocalServer({services}). */
  service(): ServiceDefinition {
    return {...KMS_PROTOCOL, operations: kmsOperations((context) => this.engine(context.region))}
  }

  /** An in-process KMS client (no HTTP) for the Encryption SDK. */
  client(region: string): KmsLike {
    const engine = () => this.engine(region)
    return {
      decrypt: async (input) => engine().decrypt(input),
      encrypt: async (input) => engine().encrypt(input),
      generateDataKey: async (input) => engine().generateDataKey(input),
    }
  }
}

/** The real KMS, through the session (the one place clients are built). */
export async function sessionKms(session: AwsSession, region: string): Promise<KmsLike> {
  const [client, sdk] = await Promise.all([session.client('kms', region), import('@aws-sdk/client-kms')])
  const action = (op: string, keyId?: string) => `${op} with KMS key ${keyId ?? '(from the ciphertext)'} (kms:${op})`
  return {
    decrypt: (input) => session.call(action('Decrypt', input.KeyId), () => client.send(new sdk.DecryptCommand(input)), region),
    encrypt: (input) => session.call(action('Encrypt', input.KeyId), () => client.send(new sdk.EncryptCommand(input)), region),
    generateDataKey: (input) =>
      session.call(`encrypting the code like Cognito: ${action('GenerateDataKey', input.KeyId)}`, () => client.send(new sdk.GenerateDataKeyCommand(input)), region),
  }
}
