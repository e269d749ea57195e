/**
 * Country rules for who may send SMS: US origination identities and sender-ID registration.
 * Sources: Cognito Developer Guide "SMS message settings" (current and 2023), SNS Developer Guide
 * "channels-sms-us-requirements" and the supported-countries table (Dec 2022 snapshot); see
 * shared/reference/aws-facts.md §7.2-7.3.
 */

/** US carriers require a registered origination identity for every SMS to a US number since this date. */
export const US_ORIGINATION_REQUIRED_SINCE = '2021-06-01'

/**
 * Regions where an origination identity had to be obtained through an AWS Support case, because
 * the Pinpoint console could not request numbers there. Historical: the 2023 page listed them,
 * the current page does not. The Japanese edition of the page lists six (no eu-south-1).
 */
export const SUPPORT_CASE_ORIGINATION_REGIONS: readonly string[] = [
  'us-east-2',
  'us-west-1',
  'eu-north-1',
  'eu-west-3',
  'eu-south-1',
  'me-south-1',
  'sa-east-1',
]

/** Countries that need a pre-registered alphabetic sender ID (indicative: rules change per country). */
export const SENDER_ID_REGISTRATION_COUNTRIES: Readonly<Record<string, string>> = {
  AE: 'United Arab Emirates',
  BY: 'Belarus',
  EG: 'Egypt',
  IN: 'India (also DLT entity and template IDs)',
  JO: 'Jordan',
  KW: 'Kuwait',
  LK: 'Sri Lanka',
  PH: 'Philippines',
  QA: 'Qatar',
  RU: 'Russia',
  SA: 'Saudi Arabia',
  TH: 'Thailand',
  TR: 'Turkey',
  VN: 'Vietnam',
}

/** Countries where a sender ID is not shown at all. */
export const NO_SENDER_ID_COUNTRIES: readonly string[] = ['US', 'CA', 'CN']

export interface OriginationRequirement {
  country: string
  /** Note for countries where AWS rules need registration first. */
  notes: string[]
  senderIdRegistration: boolean
  senderIdSupported: boolean
  usOriginationIdentity: boolean
}

export function originationRequirement(country: string, sendingRegion?: string): OriginationRequirement {
  const iso = country.toUpperCase()
  const usOriginationIdentity = iso === 'US'
  const notes: string[] = []
  if (usOriginationIdentity) {
    notes.push(`US numbers need a registered origination identity (short code, 10DLC or toll-free) in the sending region, even in the sandbox (since ${US_ORIGINATION_REQUIRED_SINCE}).`)
    if (sendingRegion && SUPPORT_CASE_ORIGINATION_REGIONS.includes(sendingRegion)) {
      notes.push(`In ${sendingRegion} such a number historically had to be requested through an AWS Support case.`)
    }
  }

  const registration = SENDER_ID_REGISTRATION_COUNTRIES[iso]
  if (registration) notes.push(`${registration} requires a pre-registered sender ID.`)
  if (iso === 'CN') notes.push('China requires pre-registered message templates.')
  return {
    country: iso,
    notes,
    senderIdRegistration: registration !== undefined,
    senderIdSupported: !NO_SENDER_ID_COUNTRIES.includes(iso),
    usOriginationIdentity,
  }
}
