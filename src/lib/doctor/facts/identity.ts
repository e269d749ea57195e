/** Who we are: STS GetCallerIdentity, plus the profile, region and endpoint in use. */
import type {FactDef} from '../store.js'

export const identity: FactDef<'sts.identity'> = {
  action: 'sts:GetCallerIdentity',
  id: 'sts.identity',
  async fetch(ctx) {
    const region = await ctx.session.region()
    const [client, {GetCallerIdentityCommand}] = await Promise.all([ctx.session.client('sts', region), import('@aws-sdk/client-sts')])
    const out = await ctx.call('sts:GetCallerIdentity', (abortSignal) => client.send(new GetCallerIdentityCommand({}), {abortSignal}))
    return {
      account: out.Account ?? 'unknown',
      arn: out.Arn ?? 'unknown',
      endpoint: ctx.session.settings.endpointUrl,
      profile: describeProfile(ctx.session.settings),
      region,
    }
  },
}

function describeProfile(settings: {credentials?: unknown; profile?: string}): string {
  if (settings.credentials) return '(static credentials)'
  if (settings.profile ?? process.env.AWS_PROFILE) return (settings.profile ?? process.env.AWS_PROFILE)!
  if (process.env.AWS_ACCESS_KEY_ID) return '(environment credentials)'
  return 'default'
}
