import {describe, expect, it} from 'vitest'

import {allPages} from '../../src/lib/aws/pages.js'

/** A fake paged API: page i answers `pages[i]` and the token of the next page. */
function pagedApi(pages: number[][]) {
  const tokens: (string | undefined)[] = []
  const fetchPage = async (token: string | undefined) => {
    tokens.push(token)
    const index = token === undefined ? 0 : Number(token.replace('t', ''))
    return {items: pages[index] ?? [], next: index + 1 < pages.length ? `t${index + 1}` : undefined}
  }

  return {fetchPage, tokens}
}

describe('allPages', () => {
  it('follows NextToken across pages, passing each token back, and collects the items in order', async () => {
    const api = pagedApi([[1, 2], [3], [4, 5]])
    expect(await allPages(api.fetchPage)).toEqual([1, 2, 3, 4, 5])
    expect(api.tokens).toEqual([undefined, 't1', 't2'])
  })

  it('stops after one call when there is no next token (or an empty one)', async () => {
    const api = pagedApi([[1]])
    expect(await allPages(api.fetchPage)).toEqual([1])
    expect(api.tokens).toEqual([undefined])
    expect(await allPages(async () => ({items: ['x'], next: ''}))).toEqual(['x'])
  })

  it('stops at maxPages', async () => {
    const api = pagedApi(Array.from({length: 10}, (_, i) => [i]))
    expect(await allPages(api.fetchPage, 3)).toEqual([0, 1, 2])
    expect(api.tokens).toHaveLength(3)
  })

  it('stops at 100 pages by default against an endpoint that never ends', async () => {
    let calls = 0
    const items = await allPages(async () => ({items: [++calls], next: `t${calls}`}))
    expect(calls).toBe(100)
    expect(items).toHaveLength(100)
  })

  it('stops when the endpoint hands back the token it was given', async () => {
    const tokens: (string | undefined)[] = []
    const items = await allPages(async (token) => {
      tokens.push(token)
      return {items: [tokens.length], next: 'same'}
    })
    expect(tokens).toEqual([undefined, 'same'])
    expect(items).toEqual([1, 2])
  })

  it('propagates a failing page', async () => {
    await expect(allPages(async (token) => (token ? Promise.reject(new Error('boom')) : {items: [1], next: 'a'}))).rejects.toThrow('boom')
  })
})
