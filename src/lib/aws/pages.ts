/** Follows NextToken pages, bounded so a misbehaving endpoint cannot loop forever. */
export async function allPages<T>(fetchPage: (token: string | undefined) => Promise<{items: T[]; next?: string}>, maxPages = 100): Promise<T[]> {
  const items: T[] = []
  let token: string | undefined
  for (let page = 0; page < maxPages; page++) {
    const out = await fetchPage(token)
    items.push(...out.items)
    if (!out.next || out.next === token) break
    token = out.next
  }

  return items
}
