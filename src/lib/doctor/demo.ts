/**
 * `doctor --demo`: the real doctor against the bundled "broken" scenario, served in-process by
 * `mfa-sms local` on a free port, with the local server's fake credentials. No AWS account needed.
 */
import {AwsSession} from '../aws/clients.js'

export const DEMO_SCENARIO = 'broken'

export interface DemoSetup {
  session: AwsSession
  userPoolIds: string[]
  phones: string[]
  url: string
  close(): Promise<void>
}

export async function startDemo(scenario = DEMO_SCENARIO, seed = 1): Promise<DemoSetup> {
  const [{startLocalServer, LOCAL_CREDENTIALS}, {loadScenario}] = await Promise.all([import('../local/server.js'), import('../local/scenario.js')])
  const loaded = await loadScenario(scenario)
  const server = await startLocalServer({port: 0, scenario: loaded, seed})
  const pools = Object.values(loaded.scenario.regions).flatMap((r) => r.userPools)
  const pool = pools[0]
  // The pool's users' numbers stand in for --phone (the E.164 ones and the ones that are not).
  const phones = [...new Set((pool?.users ?? []).map((u) => u.attributes.phone_number).filter((p): p is string => typeof p === 'string'))]
  return {
    close: () => server.close(),
    phones,
    session: new AwsSession({credentials: LOCAL_CREDENTIALS, endpointUrl: server.url, maxAttempts: 2, region: loaded.scenario.account.defaultRegion}),
    url: server.url,
    userPoolIds: pool ? [pool.Id] : [],
  }
}
