import type { CapabilitySchema } from './capability-schema.js';

/** The vocabulary every capability speaks: roles, access levels, TLP, crime categories, identifiers, contact points, and the city's own name on CityNode. */
export const SHARED_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "The city's code, e.g. taizhou: the field it has on Region and Mutation, and the prefix of every id it issues."
  code: String!
  "The city's name in English, e.g. Taizhou."
  nameEn: String!
  "The city's name in Chinese, e.g. 泰州."
  nameZh: String!
`,
  types: /* GraphQL */ `
"What an officer may do, named in their token by the city that issued it. Every operation declares the roles it admits (docs/authorization-matrix.md)."
enum Role {
  "Writes, reviews and searches intelligence; checks identifiers; records case counts."
  ANALYST
  "The city's contact for other cities: files and answers assistance requests, reports hits, takes part in joint operations."
  LIAISON_OFFICER
  "Runs joint operations and early-warning rules with the commander; files assistance requests; records case counts."
  COORDINATOR
  "Commands joint incidents and campaigns, commits resources beyond the region's threshold, acknowledges warnings."
  COMMANDER
  "Approves and publishes what others write (intelligence, watch entries), reviews them, accepts a watch entry's lead."
  SUPERVISOR
  "Reads the node's audit trail, verifies its chain, and follows up misuse alerts; never writes operational data."
  AUDITOR
  "Administers the city's officers and service accounts, its resource catalogue, and re-drives dead messages."
  ADMIN
}

"What the data-owning city grants the caller: the whole record, a redacted summary, only that it exists and whom to ask, or nothing."
enum AccessLevel {
  "The whole record."
  FULL
  "The policy's summary fields only; the rest is null and named in redactedFields (personal data is never a summary field)."
  SUMMARY
  "Only that the record exists, a reference to quote and whom to contact (Prüm-style hit/no-hit)."
  HIT_ONLY
  "Nothing: to the caller the record does not exist."
  NONE
}

"Traffic Light Protocol 2.0: how far a record may travel. The owning city's policy turns it into an access level per city and role."
enum Tlp {
  "No limit on disclosure."
  CLEAR
  "The community (the region's police), not public channels."
  GREEN
  "The recipients' organisations, on a need-to-know basis."
  AMBER
  "The recipients' own organisations only, no further."
  AMBER_STRICT
  "The named recipients only: a policy may grant RED to no other city."
  RED
}

"Crime categories only: the platform holds no category for ethnicity, religion, political opinion, petitioning or lawful speech."
enum CrimeCategory {
  "Drug production, trafficking and supply."
  DRUG_TRAFFICKING
  "Fraud other than telecom fraud."
  FRAUD
  "Telecom and online fraud (电信网络诈骗)."
  TELECOM_FRAUD
  "Offences against or by means of computer systems."
  CYBERCRIME
  "Organised crime groups and their activities."
  ORGANISED_CRIME
  "Trafficking in human beings."
  HUMAN_TRAFFICKING
  "Theft and robbery."
  THEFT_ROBBERY
  "Violent crime against persons."
  VIOLENT_CRIME
  "Firearms, ammunition and explosives offences."
  FIREARMS_EXPLOSIVES
  "Smuggling of goods."
  SMUGGLING
  "Environmental crime (pollution, illegal dumping, illegal sand mining on the river)."
  ENVIRONMENTAL_CRIME
  "Illegal gambling."
  ILLEGAL_GAMBLING
  "Money laundering."
  MONEY_LAUNDERING
  "Threats to public safety (dangerous goods, large-scale public-order dangers)."
  PUBLIC_SAFETY_THREAT
  "Terrorism."
  TERRORISM
}

"What an identifier is. Each kind has one normal form (spaces, dashes, case and prefixes removed), so the same identifier written differently has the same blind index in every city."
enum IdentifierKind {
  "An 18-character resident identity number (17 digits and a check digit or X), its check digit verified."
  PERSON_ID
  "A passport number: 5-20 letters or digits."
  PASSPORT
  "A mainland mobile number (11 digits starting with 1, +86 or 0086 dropped) or a landline with its area code."
  PHONE
  "A vehicle plate such as 苏M12345: province character, letter, 5-6 letters or digits."
  VEHICLE_PLATE
  "An e-mail address (lower-cased)."
  EMAIL
  "A bank account or card number: 12-19 digits."
  BANK_ACCOUNT
  "A handset's IMEI: 15 digits."
  IMEI
  "An account on a social platform: 2-64 characters without spaces (lower-cased)."
  SOCIAL_ACCOUNT
}

"An identifier of a person or thing (phone, plate, identity number ...), as the record holds it."
type Identifier @shareable {
  "What the identifier is."
  kind: IdentifierKind!
  "The identifier in its normal form."
  value: String!
}

"An identifier to record or to check: normalised by kind at the node (at most 128 characters as typed); a value that is not a valid identifier of its kind is refused with the reason."
input IdentifierInput {
  "What the identifier is; decides its normal form and validation."
  kind: IdentifierKind!
  "The identifier as typed; spaces, dashes and prefixes such as +86 are removed."
  value: String!
}

"Whom to contact at a city about something it holds (the unit named in its access policy)."
type ContactPoint @shareable {
  "The city's code."
  city: String!
  "The unit to contact, e.g. the intelligence centre's duty desk."
  unit: String!
  "Its telephone number, when the city gives one."
  phone: String
  "Its e-mail address, when the city gives one."
  email: String
}

"The officer of the calling node a node-to-node check is made for: the called city applies its policy to that officer's city and roles, and audits the check under their id and purpose."
input WatchCheckOfficerInput {
  "The officer's id, which must be the calling city's own (<city>:<username>)."
  sub: String!
  "The roles the officer checks with: ANALYST, LIAISON_OFFICER, COORDINATOR, COMMANDER or SUPERVISOR (oversight roles read nothing at another city)."
  roles: [Role!]!
  "The case reference or short reason the officer gave (X-Purpose, 3-128 characters), audited at the called city."
  purpose: String!
}
`,
};
