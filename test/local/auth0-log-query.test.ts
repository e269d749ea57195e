/** The Lucene-ish `q` filter and `sort` of the emulated GET /api/v2/logs. */
import {describe, expect, it} from 'vitest'

import {filterLogs, LogQueryError, parseLogQuery, parseLogSort, sortLogs} from '../../src/lib/local/auth0/log-query.js'

const LOGS = [
  {client_name: 'Demo SPA', date: '2025-03-01T10:00:00.000Z', description: 'Failed to send SMS', details: {error: {message: 'Invalid parameter: PhoneNumber'}}, log_id: 'a', type: 'gd_send_sms_failure', user_name: 'ana@example.com'},
  {client_name: 'Demo SPA', date: '2025-03-01T11:00:00.000Z', description: 'SMS sent', log_id: 'b', type: 'gd_send_sms', user_name: 'bo@example.com'},
  {client_name: 'Admin', connection: 'Username-Password-Authentication', date: '2025-02-20T09:00:00.000Z', log_id: 'c', type: 'gd_send_voice_failure'},
  {date: '2025-03-01T12:00:00.000Z', description: null, log_id: 'd', type: 's', user_name: 'ana@example.com'},
]

const ids = (q: string | undefined) => filterLogs(LOGS, q).map((l) => l.log_id)

describe('log query filter', () => {
  it('matches field values exactly (case-insensitive), so gd_send_sms does not match gd_send_sms_failure', () => {
    expect(ids('type:gd_send_sms_failure')).toEqual(['a'])
    expect(ids('type:gd_send_sms')).toEqual(['b'])
    expect(ids('type:GD_SEND_SMS')).toEqual(['b'])
    expect(ids('type:"gd_send_sms"')).toEqual(['b'])
  })

  it('supports * and ? wildcards', () => {
    expect(ids('type:gd_send_*_failure')).toEqual(['a', 'c'])
    expect(ids('type:gd_send_*')).toEqual(['a', 'b', 'c'])
    expect(ids('type:?')).toEqual(['d'])
  })

  it('combines with AND, OR, NOT, -, parentheses and implicit AND', () => {
    expect(ids('type:gd_send_sms_failure OR type:gd_send_voice_failure')).toEqual(['a', 'c'])
    expect(ids('type:gd_send_* AND client_name:"Demo SPA"')).toEqual(['a', 'b'])
    expect(ids('type:gd_send_* client_name:Admin')).toEqual(['c'])
    expect(ids('type:gd_send_* AND NOT type:gd_send_sms')).toEqual(['a', 'c'])
    expect(ids('type:gd_send_* -type:gd_send_sms')).toEqual(['a', 'c'])
    expect(ids('(type:s OR type:gd_send_sms) AND user_name:"ana@example.com"')).toEqual(['d'])
    expect(ids('type:(gd_send_sms_failure OR gd_send_voice_failure)')).toEqual(['a', 'c'])
  })

  it('filters dates with inclusive and exclusive ranges, open ends and full timestamps', () => {
    expect(ids('date:[2025-03-01 TO *]')).toEqual(['a', 'b', 'd'])
    expect(ids('type:gd_send_sms_failure AND date:[2025-02-22 TO *]')).toEqual(['a'])
    expect(ids('date:[* TO 2025-03-01T11:00:00.000Z]')).toEqual(['a', 'b', 'c'])
    expect(ids('date:{* TO 2025-03-01T11:00:00.000Z}')).toEqual(['a', 'c'])
    expect(ids('date:[2025-03-01T10:00:00Z TO 2025-03-01T11:00:00Z]')).toEqual(['a', 'b'])
  })

  it('reads dotted paths into nested details, and field:* as "present"', () => {
    expect(ids('details.error.message:"Invalid parameter: PhoneNumber"')).toEqual(['a'])
    expect(ids('details.error.message:Invalid*')).toEqual(['a'])
    expect(ids('connection:*')).toEqual(['c'])
    expect(ids('description:*')).toEqual(['a', 'b'])
  })

  it('matches bare words by prefix on client_name, connection and user_name', () => {
    expect(ids('demo')).toEqual(['a', 'b'])
    expect(ids('Username-Password')).toEqual(['c'])
    expect(ids('ana')).toEqual(['a', 'd'])
    expect(ids('"Demo SPA"')).toEqual(['a', 'b'])
  })

  it('lets an empty or absent query match everything', () => {
    expect(ids(undefined)).toEqual(['a', 'b', 'c', 'd'])
    expect(ids('   ')).toEqual(['a', 'b', 'c', 'd'])
  })

  it('rejects broken syntax with LogQueryError', () => {
    for (const q of ['type:(gd_send_sms', 'type:"open', 'date:[2025-01-01 TO', 'date:[2025-01-01]', 'type:', 'a )', 'NOT']) {
      expect(() => parseLogQuery(q), q).toThrow(LogQueryError)
    }
  })
})

describe('log sort', () => {
  it('defaults to date:-1 and sorts either way by any field', () => {
    expect(parseLogSort(undefined)).toEqual({direction: -1, field: 'date'})
    expect(sortLogs(LOGS, parseLogSort(undefined)).map((l) => l.log_id)).toEqual(['d', 'b', 'a', 'c'])
    expect(sortLogs(LOGS, parseLogSort('date:1')).map((l) => l.log_id)).toEqual(['c', 'a', 'b', 'd'])
    expect(sortLogs(LOGS, parseLogSort('type:1')).map((l) => l.type)).toEqual(['gd_send_sms', 'gd_send_sms_failure', 'gd_send_voice_failure', 's'])
  })

  it('rejects a malformed sort', () => {
    expect(() => parseLogSort('date')).toThrow(LogQueryError)
    expect(() => parseLogSort('date:2')).toThrow(LogQueryError)
  })
})
