import {describe, expect, it} from 'vitest'

import {canServe, mergeIdentities, reachFor} from '../../src/lib/sms/origination.js'

const identities = mergeIdentities({
  eumsNumbers: [
    {capabilities: ['SMS', 'VOICE'], country: 'US', id: 'phone-tf', numberType: 'TOLL_FREE', phoneNumber: '+18005550100', status: 'ACTIVE'},
    {capabilities: ['SMS'], country: 'US', numberType: 'TEN_DLC', phoneNumber: '+12065550180', poolId: 'pool-abc', status: 'PENDING'},
    {capabilities: ['SMS'], country: 'US', numberType: 'SIMULATOR', phoneNumber: '+12065550199', status: 'ACTIVE'},
    {capabilities: ['SMS'], country: 'US', numberType: 'LONG_CODE', phoneNumber: '+12065550181', status: 'ACTIVE'},
    {capabilities: ['VOICE'], country: 'GB', numberType: 'LONG_CODE', phoneNumber: '+447700900111', status: 'ACTIVE'},
    {capabilities: ['SMS'], country: 'GB', numberType: 'LONG_CODE', phoneNumber: '+447700900112', poolId: 'pool-def', status: 'ACTIVE'},
    {capabilities: ['SMS'], country: 'US', numberType: 'TOLL_FREE', phoneNumber: '+18005550199', status: 'DELETED'},
  ],
  pools: [
    {poolId: 'pool-abc', status: 'ACTIVE'},
    {poolId: 'pool-def', status: 'ACTIVE'},
    {poolId: 'pool-empty', status: 'ACTIVE'},
  ],
  senderIds: [
    {country: 'DE', registered: false, senderId: 'MyApp'},
    {country: 'IN', registered: false, senderId: 'MYAPPI'},
    {country: 'IN', registered: true, senderId: 'MYAPPR'},
    {country: 'US', senderId: 'MyAppUS'},
  ],
  snsNumbers: [
    {capabilities: ['SMS', 'VOICE'], country: 'US', phoneNumber: '+18005550100', routeType: 'Transactional', status: 'ACTIVE'},
    {capabilities: ['SMS'], country: 'CA', phoneNumber: '+14165550100', routeType: 'Transactional', status: 'ACTIVE'},
  ],
})
const by = (id: string) => identities.find((i) => i.identity === id)!

describe('mergeIdentities', () => {
  it('one row per number listed by both, deleted numbers dropped', () => {
    expect(identities.filter((i) => i.identity === '+18005550100')).toHaveLength(1)
    expect(by('+18005550100')).toMatchObject({id: 'phone-tf', serves: ['US'], sources: ['sns', 'eums'], type: 'TOLL_FREE'})
    expect(identities.find((i) => i.identity === '+18005550199')).toBeUndefined()
  })

  it('SNS-only numbers keep an unknown type', () => {
    expect(by('+14165550100')).toMatchObject({serves: ['CA'], sources: ['sns'], type: 'UNKNOWN'})
  })

  it('says why a number cannot send', () => {
    expect(by('+12065550180')).toMatchObject({active: false, serves: []})
    expect(by('+12065550199').servesNote).toMatch(/only SMS simulator destination numbers of US/)
    expect(by('+12065550181').servesNote).toMatch(/US long code cannot send/)
    expect(by('+447700900111').servesNote).toMatch(/no SMS capability/)
  })

  it('sender IDs: none in the US, registration where it is required', () => {
    expect(by('MyApp')).toMatchObject({kind: 'sender-id', serves: ['DE']})
    expect(by('MYAPPI')).toMatchObject({serves: [], status: 'UNREGISTERED'})
    expect(by('MYAPPR')).toMatchObject({serves: ['IN']})
    expect(by('MyAppUS').servesNote).toMatch(/does not show sender IDs/)
  })

  it('pools serve what their active numbers serve', () => {
    expect(by('pool-def')).toMatchObject({kind: 'pool', serves: ['GB']})
    expect(by('pool-abc')).toMatchObject({serves: []})
    expect(by('pool-empty').servesNote).toMatch(/no member numbers/)
  })
})

describe('who can reach a country', () => {
  it('US: only toll-free, 10DLC, short codes (and SNS-listed numbers of unknown type)', () => {
    expect(canServe(by('+18005550100'), 'US')).toBe(true)
    expect(canServe(by('+12065550181'), 'US')).toBe(false)
    expect(canServe(by('+12065550199'), 'US')).toBe(false)
    expect(reachFor(identities, 'US', 'us-east-1')).toMatchObject({identities: ['+18005550100'], unreachable: false})
  })

  it('US with nothing able to send is unreachable, naming the region', () => {
    const reach = reachFor([by('+12065550181'), by('+12065550199')], 'US', 'eu-west-1')
    expect(reach.unreachable).toBe(true)
    expect(reach.verdict).toMatch(/Nothing in eu-west-1 can send SMS to US numbers/)
  })

  it('other countries without an identity use shared routes (not a failure); registration countries get a warning', () => {
    expect(reachFor([], 'FR', 'eu-west-1')).toMatchObject({unreachable: false, verdict: expect.stringMatching(/shared routes/)})
    expect(reachFor([], 'IN', 'ap-south-1')).toMatchObject({unreachable: false, verdict: expect.stringMatching(/pre-registered sender ID/)})
  })
})
