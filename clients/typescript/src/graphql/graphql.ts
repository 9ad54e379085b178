/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Date (isoformat) */
  Date: { input: string; output: string; }
  /** Date with time (isoformat) */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf). */
  JSON: { input: unknown; output: unknown; }
};

/** What an analysis rests on, so that an empty cell is not read as no activity: the catalogue holds only the outcomes it could source, and most of their classification is editorial judgement. */
export type AnalysisBasis = {
  __typename?: 'AnalysisBasis';
  /** Of those recommendations, how many are classified as their source states it. */
  asPublishedCount: Scalars['Int']['output'];
  /** How many distinct review contributions you may see it rests on. */
  contributionCount: Scalars['Int']['output'];
  /** Of those recommendations, how many are classified by editorial judgement (see `Recommendation.classification`). */
  editorialCount: Scalars['Int']['output'];
  /** Whether generated example data is counted (only when asked for). */
  includesSynthetic: Scalars['Boolean']['output'];
  /** How many ISCMs the analysis spans. */
  iscmCount: Scalars['Int']['output'];
  /** How many of them have at least one record counted: the others have no outcome in the catalogue, which is not the same as no activity. */
  iscmsWithRecords: Scalars['Int']['output'];
  /** How many distinct recommendations it rests on. */
  recommendationCount: Scalars['Int']['output'];
  /** How many of the records counted are generated example data (0 unless `includeSynthetic`). */
  syntheticCount: Scalars['Int']['output'];
  /** Of those recommendations, how many carry no classification (counted as unclassified). */
  unclassifiedCount: Scalars['Int']['output'];
};

/** One recorded write. The trail is append-only: events are never changed or removed. */
export type AuditEvent = {
  __typename?: 'AuditEvent';
  /** What happened, e.g. CREATED, UPDATED, SUBMITTED, WITHDRAWN, PUBLISHED, REMOVED, RESTORED, MERGED (a duplicate was merged into this record), MERGED_INTO (this duplicate was merged into another). */
  action: Scalars['String']['output'];
  /** Who wrote: `key:<key id>` for an API key, `jwt:<subject>` for a token. */
  actor: Scalars['String']['output'];
  /** The key's name or the token's `name` claim. */
  actorName?: Maybe<Scalars['String']['output']>;
  /** The stored values after the write. */
  after?: Maybe<Scalars['JSON']['output']>;
  /** The stored values before the write; null on creation. */
  before?: Maybe<Scalars['JSON']['output']>;
  /** What kind of record, e.g. `review_contribution`, `recommendation`, `iscm`, `review_process`. */
  entity: Scalars['String']['output'];
  /** The record's key within its kind: a database id, or a slug. */
  entityId: Scalars['String']['output'];
  /** The reason (withdrawals, removals) or source URL (reference data) given. */
  note?: Maybe<Scalars['String']['output']>;
  /** When the write happened (the start of its transaction). */
  occurredAt: Scalars['DateTime']['output'];
  /** The id of the request that wrote it, as in the service's logs. */
  requestId?: Maybe<Scalars['String']['output']>;
};

/** One page of a list, paged by cursor. */
export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  /** The items of this page, in order. */
  edges: Array<AuditEventEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** A node with its cursor. */
export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: AuditEvent;
};

/** Which audit events to list; every given condition must hold. */
export type AuditEventFilter = {
  /** What happened, e.g. REMOVED. */
  action?: InputMaybe<Scalars['String']['input']>;
  /** Who wrote, e.g. `key:<key id>` or `jwt:<subject>`. */
  actor?: InputMaybe<Scalars['String']['input']>;
  /** Kind of record, e.g. `review_contribution`. */
  entity?: InputMaybe<Scalars['String']['input']>;
  /** The record's key within its kind (with `entity`). */
  entityId?: InputMaybe<Scalars['String']['input']>;
  /** Slug of the ISCM concerned. */
  iscm?: InputMaybe<Scalars['String']['input']>;
  /** Only events recorded at or after this time (`occurredAt`; events never change), for incremental exports. A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** Who classified a record's governance level, phase, outcome type, objectives and themes, and on what ground. */
export type Classification = {
  __typename?: 'Classification';
  /** EDITORIAL: the catalogue's judgement, an interpretation of the source, not its words; AS_PUBLISHED: as the source states it. */
  kind: ClassificationKind;
  /** Why it was classified so, in one line. */
  note?: Maybe<Scalars['String']['output']>;
};

/** Who classified a record's governance level, phase, outcome type, objectives and themes. */
export type ClassificationKind =
  /** As the source itself states it. */
  | 'AS_PUBLISHED'
  /** The catalogue's editorial judgement, not the source's words: read it as an interpretation. */
  | 'EDITORIAL';

/** What happened to a review contribution. */
export type ContributionEventAction =
  /** It was created (as a DRAFT). */
  | 'CREATED'
  /** An editor merged a duplicate into it (it gained its links). */
  | 'MERGED'
  /** It was published. */
  | 'PUBLISHED'
  /** An editor restored it after removing it. */
  | 'RESTORED'
  /** It was submitted. */
  | 'SUBMITTED'
  /** Its content changed. */
  | 'UPDATED'
  /** It was withdrawn. */
  | 'WITHDRAWN';

/** How a review contribution left every read. */
export type ContributionRemovalAction =
  /** An editor merged it, a duplicate, into `mergedInto`, which answers to its id from then on. */
  | 'MERGED'
  /** An editor removed it; `restoreReviewContribution` may bring it back (a RESTORED event then). */
  | 'REMOVED';

/** Where a review contribution or a recommendation stands in its workflow. */
export type ContributionStatus =
  /** Being written; visible only to its ISCM and editors. */
  | 'DRAFT'
  /** Public. */
  | 'PUBLISHED'
  /** Sent for review; visible only to its ISCM and editors. */
  | 'SUBMITTED'
  /** Taken back; visible only to its ISCM and editors. */
  | 'WITHDRAWN';

/** A document to add: a declaration, an action plan, a report, ... */
export type CreateDocumentInput = {
  /** Day of adoption, where a single day is known. */
  adoptedOn?: InputMaybe<Scalars['Date']['input']>;
  /** `id`s of the events that adopted it. */
  events?: Array<Scalars['ID']['input']>;
  /** Slugs of the ISCMs it concerns. */
  iscms?: Array<Scalars['String']['input']>;
  /** What kind of document it is. */
  kind: DocumentKind;
  /** Where it was adopted. */
  place?: InputMaybe<Scalars['String']['input']>;
  /** Publication date (1945-01-01 to today). */
  publishedOn?: InputMaybe<Scalars['Date']['input']>;
  /** Optional stable identifier: lower-case words joined by hyphens, e.g. `rabat-declaration-2018`. */
  slug?: InputMaybe<Scalars['String']['input']>;
  /** A paraphrased summary. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** Title, 1 to 500 characters. */
  title: Scalars['String']['input'];
  /** Where it can be read (an http(s) URL). */
  url?: InputMaybe<Scalars['String']['input']>;
  /** Year (1945 to 2100). */
  year?: InputMaybe<Scalars['Int']['input']>;
};

/** A meeting to add to the ISCM calendar. */
export type CreateEventInput = {
  /** Slugs of the other ISCMs that share it (a joint meeting). */
  alsoIscms?: Array<Scalars['String']['input']>;
  /** City. */
  city?: InputMaybe<Scalars['String']['input']>;
  /** ISO 3166-1 alpha-3 code of the country it took place in. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** `id`s of the documents it adopted. */
  documents?: Array<Scalars['ID']['input']>;
  /** Last day. */
  endsOn?: InputMaybe<Scalars['Date']['input']>;
  /** Who hosted it. */
  host?: InputMaybe<Scalars['String']['input']>;
  /** Slug of the ISCM that held it; null for a Global RCP meeting or a meeting of several ISCMs. */
  iscm?: InputMaybe<Scalars['String']['input']>;
  /** What kind of meeting it is. */
  kind: EventKind;
  /** What the sources add. */
  notes?: InputMaybe<Scalars['String']['input']>;
  /** Its number in a series (1 to 999). */
  sequence?: InputMaybe<Scalars['Int']['input']>;
  /** Stable identifier: lower-case words joined by hyphens, e.g. `rabat-process-ministerial-2024`. */
  slug: Scalars['String']['input'];
  /** First day, in `year`; null when only the year is known. */
  startsOn?: InputMaybe<Scalars['Date']['input']>;
  /** Its theme. */
  theme?: InputMaybe<Scalars['String']['input']>;
  /** Title, 1 to 500 characters. */
  title: Scalars['String']['input'];
  /** Its official page (an http(s) URL). */
  url?: InputMaybe<Scalars['String']['input']>;
  /** Year it took place (1945 to 2100). */
  year: Scalars['Int']['input'];
};

/** A recommendation adopted by an ISCM. It starts as a DRAFT, visible to the ISCM's partners and editors until an editor publishes it. */
export type CreateRecommendationInput = {
  /** Date of adoption (1945-01-01 to today). */
  adoptedOn?: InputMaybe<Scalars['Date']['input']>;
  /** Numbers (1 to 23) of the GCM objectives it addresses. */
  gcmObjectives?: Array<Scalars['Int']['input']>;
  /** Slug of the ISCM that adopted it. */
  iscm: Scalars['String']['input'];
  /** Governance level. */
  level?: InputMaybe<GovernanceLevel>;
  /** Outcome type. */
  outcomeType?: InputMaybe<OutcomeType>;
  /** Policy-cycle phase. */
  phase?: InputMaybe<GovernancePhase>;
  /** Where the text was published (an http(s) URL): every recommendation cites its source. */
  sourceUrl: Scalars['String']['input'];
  /** Full text, up to 20,000 characters. */
  text: Scalars['String']['input'];
  /** Title, 1 to 500 characters (trimmed). */
  title: Scalars['String']['input'];
};

/** A new review contribution. It starts as a DRAFT. */
export type CreateReviewContributionInput = {
  /** Challenges the ISCM reports, up to 20,000 characters. */
  challenges?: InputMaybe<Scalars['String']['input']>;
  /** Numbers (1 to 23) of the GCM objectives it addresses. */
  gcmObjectives?: Array<Scalars['Int']['input']>;
  /** Slug of the contributing ISCM, e.g. `bali-process`. */
  iscm: Scalars['String']['input'];
  /** Governance level. */
  level?: InputMaybe<GovernanceLevel>;
  /** Outcome type. */
  outcomeType?: InputMaybe<OutcomeType>;
  /** Policy-cycle phase. */
  phase?: InputMaybe<GovernancePhase>;
  /** Practices the ISCM reports, up to 20,000 characters. */
  practices?: InputMaybe<Scalars['String']['input']>;
  /** Slug of the review it is made to, e.g. `imrf-2026`. Drafts may be written at any time; submitting needs the review to be open (`isOpen`). */
  reviewProcess: Scalars['String']['input'];
  /** Summary, 1 to 20,000 characters. */
  summary: Scalars['String']['input'];
  /** Title, 1 to 500 characters (trimmed). */
  title: Scalars['String']['input'];
};

/** A GCM review process to open for contributions. */
export type CreateReviewProcessInput = {
  /** Last day contributions may be submitted. */
  closesOn: Scalars['Date']['input'];
  /** What the review is. */
  description: Scalars['String']['input'];
  /** Global (an IMRF) or regional. */
  kind: ReviewKind;
  /** Name, up to 300 characters. */
  name: Scalars['String']['input'];
  /** First day contributions may be submitted. */
  opensOn: Scalars['Date']['input'];
  /** For a regional review, the UN regional commission leading it: ECA, ECE, ECLAC, ESCAP or ESCWA. */
  regionalCommission?: InputMaybe<Scalars['String']['input']>;
  /** Stable identifier: lower-case words joined by hyphens, e.g. `imrf-2030`. */
  slug: Scalars['String']['input'];
  /** Its official page (an http(s) URL). */
  url?: InputMaybe<Scalars['String']['input']>;
  /** OFFICIAL when the organisers announced these dates; INDICATIVE (the default) for an estimate. */
  windowStatus?: WindowStatus;
  /** Year the review concludes (2018 to 2100). */
  year: Scalars['Int']['input'];
};

/** A fact about an ISCM (or one State's part in it) that sources state differently: every side, with its sources. */
export type DisputedFact = {
  __typename?: 'DisputedFact';
  /** Every side, in the order the catalogue records them. */
  claims: Array<DisputedFactClaim>;
  /** Which fact is disputed. */
  field: DisputedField;
  /** The ISCM it concerns. */
  iscm: Iscm;
  /** What the disagreement is, in a sentence or two. */
  note: Scalars['String']['output'];
  /** Stable identifier, e.g. `budapest-process-established`. */
  slug: Scalars['String']['output'];
  /** For a disputed role, the State concerned; null otherwise. */
  state?: Maybe<MemberState>;
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** What one side of a disputed fact says, with the sources saying it. */
export type DisputedFactClaim = {
  __typename?: 'DisputedFactClaim';
  /** Where and how the sources say it. */
  note?: Maybe<Scalars['String']['output']>;
  /** URLs of the sources saying it. */
  sources: Array<Scalars['String']['output']>;
  /** The value this side gives (a year, a count, a role, a list), as text. */
  value: Scalars['String']['output'];
};

/** Which fact about an ISCM the sources state differently. */
export type DisputedField =
  /** The year it was established. */
  | 'ESTABLISHED'
  /** Who its members are. */
  | 'MEMBERS'
  /** How many members it has. */
  | 'MEMBER_COUNT'
  /** Who its observers are. */
  | 'OBSERVERS'
  /** How many observers it has. */
  | 'OBSERVER_COUNT'
  /** Whether one State (see `state`) is a member or an observer. */
  | 'ROLE';

/** A document: an ISCM's declaration, action plan or joint statement, a GRCP report, a key document, a newsletter, a position paper. Editors maintain the documents; one they removed is visible to nobody. */
export type Document = Node & {
  __typename?: 'Document';
  /** The day it was adopted, only where a single day is known (see `adoptedOnNote`). */
  adoptedOn?: Maybe<Scalars['Date']['output']>;
  /** What is known of its adoption date where no single day is. */
  adoptedOnNote?: Maybe<Scalars['String']['output']>;
  /** Other titles the sources give it (translations, short names). */
  alternativeTitles: Array<Scalars['String']['output']>;
  /** Where the sources disagree about it (dates, titles), with both sides. */
  conflicts?: Maybe<Scalars['String']['output']>;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** For an ISCM's outcome document, the finer kind its source describes (`kind` is the coarse one it maps to). */
  detailedKind?: Maybe<DocumentDetailedKind>;
  /** Events it reports on, by year. */
  events: Array<Event>;
  /** GCM objectives it addresses, by number. */
  gcmObjectives: Array<GcmObjective>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** ISCMs it concerns, by name. */
  iscms: Array<Iscm>;
  /** What kind of document it is. */
  kind: DocumentKind;
  /** Why the kind was chosen, where it could mislead. */
  kindNote?: Maybe<Scalars['String']['output']>;
  /** Where it was adopted, when known. */
  place?: Maybe<Scalars['String']['output']>;
  /** Publication date, when known. */
  publishedOn?: Maybe<Scalars['Date']['output']>;
  /** The commitments, priority areas and recommendations it contains that you may see, in the document's order as recorded (by default). Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  recommendations: RecommendationConnection;
  /** When an editor removed it (only editors list removed documents); null otherwise. */
  removedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Stable identifier of an ISCM's outcome document (loaded from the catalogue's files); null for others. */
  slug?: Maybe<Scalars['String']['output']>;
  /** URLs of the public sources this record rests on. */
  sources: Array<Scalars['String']['output']>;
  /** A paraphrased summary. */
  summary?: Maybe<Scalars['String']['output']>;
  /** True for generated example data, never a real document. */
  synthetic: Scalars['Boolean']['output'];
  /** Title. */
  title: Scalars['String']['output'];
  /** True where the source gives no title and this one was written by the catalogue. */
  titleIsDescriptive: Scalars['Boolean']['output'];
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Where it can be read (its official page). */
  url?: Maybe<Scalars['String']['output']>;
  /** Incremented on every change; above 1, `iscm-graph seed` keeps the record as editors left it. */
  version: Scalars['Int']['output'];
  /** Year it was adopted or issued, when known. */
  year?: Maybe<Scalars['Int']['output']>;
  /** How the year was established, where unsure. */
  yearNote?: Maybe<Scalars['String']['output']>;
};


/** A document: an ISCM's declaration, action plan or joint statement, a GRCP report, a key document, a newsletter, a position paper. Editors maintain the documents; one they removed is visible to nobody. */
export type DocumentRecommendationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecommendationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecommendationOrder>;
};

/** One page of a list, paged by cursor. */
export type DocumentConnection = {
  __typename?: 'DocumentConnection';
  /** The items of this page, in order. */
  edges: Array<DocumentEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** The finer kind of an ISCM's outcome document, as its source describes it (`kind` keeps the coarse kind it maps to). */
export type DocumentDetailedKind =
  /** An action plan, programme or roadmap. */
  | 'ACTION_PLAN'
  /** A joint statement or communiqué of the participants. */
  | 'JOINT_STATEMENT'
  /** A declaration adopted by ministers. */
  | 'MINISTERIAL_DECLARATION'
  /** Any other outcome document. */
  | 'OTHER'
  /** A meeting or progress report. */
  | 'REPORT'
  /** A chair's summary or summary of conclusions. */
  | 'SUMMARY_OF_CONCLUSIONS';

/** A node with its cursor. */
export type DocumentEdge = {
  __typename?: 'DocumentEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Document;
};

/** Which documents to list; every given condition must hold. */
export type DocumentFilter = {
  /** GCM objective number (1-23) it addresses. */
  gcmObjective?: InputMaybe<Scalars['Int']['input']>;
  /** Slug of an ISCM it concerns. */
  iscm?: InputMaybe<Scalars['String']['input']>;
  /** Kind of document. */
  kind?: InputMaybe<DocumentKind>;
  /** Published on or after this day. */
  publishedFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Published on or before this day. */
  publishedTo?: InputMaybe<Scalars['Date']['input']>;
  /** Editors: list the removed documents (that `restoreDocument` can bring back) instead; nobody else sees any. */
  removed?: Scalars['Boolean']['input'];
  /** Full-text search on title and summary (web search syntax: quotes, `or`, `-word`). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only records changed at or after this time (`updatedAt`), for incremental exports: pass the largest `updatedAt` your last export saw (records changed at that very instant come again). A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** What kind of document this is. */
export type DocumentKind =
  /** A declaration or outcome statement. */
  | 'DECLARATION'
  /** Report of a GRCP meeting. */
  | 'GRCP_REPORT'
  /** A founding or framework document of an ISCM. */
  | 'KEY_DOCUMENT'
  /** A newsletter issue. */
  | 'NEWSLETTER'
  /** Any other document. */
  | 'OTHER'
  /** A position paper. */
  | 'POSITION_PAPER';

/** How to order documents (default: newest first). */
export type DocumentOrder = {
  /** Direction; by default descending for dates (newest first), ascending for titles. */
  direction?: InputMaybe<SortDirection>;
  /** Sort field. */
  field?: DocumentOrderField;
};

/** Fields documents can be ordered by. */
export type DocumentOrderField =
  /** When it came out: its publication or adoption day, else 1 January of its year; undated documents count as oldest. */
  | 'DATE'
  /** Publication date; undated documents count as oldest. */
  | 'PUBLISHED_ON'
  /** Title. */
  | 'TITLE';

/** The result of a document mutation. */
export type DocumentPayload = {
  __typename?: 'DocumentPayload';
  /** The document as stored after the write (a removed one included); null when `errors` is not empty. */
  document?: Maybe<Document>;
  /** Every problem found; empty on success. Nothing was written when it is not empty. */
  errors: Array<UserError>;
};

/** A meeting on the ISCM calendar: a ministerial conference, a workshop, a Global RCP (GRCP) meeting, ... Editors maintain the calendar; one they removed is visible to nobody. */
export type Event = Node & {
  __typename?: 'Event';
  /** City, when known. */
  city?: Maybe<Scalars['String']['output']>;
  /** Where the sources disagree about this meeting (dates, attendance), with both sides. */
  conflicts?: Maybe<Scalars['String']['output']>;
  /** The country it took place in, when known. */
  country?: Maybe<MemberState>;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** For an ISCM's own meeting, the finer kind its source describes (`kind` is the coarse one it maps to). */
  detailedKind?: Maybe<EventDetailedKind>;
  /** The documents it adopted or that report on it, by title. */
  documents: Array<Document>;
  /** Last day; null when only the year is known. */
  endsOn?: Maybe<Scalars['Date']['output']>;
  /** Who hosted it, as the source words it. */
  host?: Maybe<Scalars['String']['output']>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** The ISCM that held it (the first of several, see `iscms`); null for Global RCP meetings. */
  iscm?: Maybe<Iscm>;
  /** Every ISCM that held it, by name (a joint meeting lists all). */
  iscms: Array<Iscm>;
  /** What kind of meeting it is. */
  kind: EventKind;
  /** What the sources add. */
  notes?: Maybe<Scalars['String']['output']>;
  /** When an editor removed it (only editors list removed events); null otherwise. */
  removedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Its number in a series, e.g. 7 for the seventh GRCP meeting. */
  sequence?: Maybe<Scalars['Int']['output']>;
  /** Stable identifier, e.g. `grcp-7`. */
  slug: Scalars['String']['output'];
  /** URLs of the sources this record rests on. */
  sources: Array<Scalars['String']['output']>;
  /** First day; null when only the year is known. */
  startsOn?: Maybe<Scalars['Date']['output']>;
  /** True for generated example data, never a real meeting. */
  synthetic: Scalars['Boolean']['output'];
  /** Its theme, when it had one. */
  theme?: Maybe<Scalars['String']['output']>;
  /** Title. */
  title: Scalars['String']['output'];
  /** True where the source gives no title and this one was written by the catalogue. */
  titleIsDescriptive: Scalars['Boolean']['output'];
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Main source or official page. */
  url?: Maybe<Scalars['String']['output']>;
  /** Incremented on every change; above 1, `iscm-graph seed` keeps the record as editors left it. */
  version: Scalars['Int']['output'];
  /** Year it took place. */
  year: Scalars['Int']['output'];
};

/** One page of a list, paged by cursor. */
export type EventConnection = {
  __typename?: 'EventConnection';
  /** The items of this page, in order. */
  edges: Array<EventEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** The finer kind of an ISCM's meeting, as its source describes it (`kind` keeps the coarse kind it maps to). */
export type EventDetailedKind =
  /** A ministerial conference or summit. */
  | 'MINISTERIAL_CONFERENCE'
  /** Any other meeting. */
  | 'OTHER'
  /** A meeting of senior officials. */
  | 'SENIOR_OFFICIALS_MEETING'
  /** A thematic meeting, workshop or expert meeting. */
  | 'THEMATIC_MEETING'
  /** A meeting of a standing working group. */
  | 'WORKING_GROUP';

/** A node with its cursor. */
export type EventEdge = {
  __typename?: 'EventEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Event;
};

/** Which events to list. `from`/`to` keep events overlapping that span; an event known only by year counts as spanning its whole year. */
export type EventFilter = {
  /** Keep events ending on or after this day. */
  from?: InputMaybe<Scalars['Date']['input']>;
  /** Slug of an ISCM that held it (alone or with others). */
  iscm?: InputMaybe<Scalars['String']['input']>;
  /** What kind of meeting. */
  kind?: InputMaybe<EventKind>;
  /** Editors: list the removed events (that `restoreEvent` can bring back) instead; nobody else sees any. */
  removed?: Scalars['Boolean']['input'];
  /** Keep events starting on or before this day. */
  to?: InputMaybe<Scalars['Date']['input']>;
  /** Only records changed at or after this time (`updatedAt`), for incremental exports: pass the largest `updatedAt` your last export saw (records changed at that very instant come again). A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** What kind of meeting an event is. */
export type EventKind =
  /** A Global Meeting of Chairs and Secretariats of ISCMs (Global RCP meeting). */
  | 'GRCP_MEETING'
  /** A ministerial conference or summit. */
  | 'MINISTERIAL_CONFERENCE'
  /** Any other meeting. */
  | 'OTHER'
  /** A GCM review meeting (IMRF or regional review). */
  | 'REVIEW_MEETING'
  /** A meeting of senior officials. */
  | 'SENIOR_OFFICIALS_MEETING'
  /** A thematic workshop or expert meeting. */
  | 'THEMATIC_WORKSHOP';

/** How to order events (default: earliest first). */
export type EventOrder = {
  /** Direction; by default ascending (calendars read forwards). */
  direction?: InputMaybe<SortDirection>;
  /** Sort field. */
  field?: EventOrderField;
};

/** Fields events can be ordered by. */
export type EventOrderField =
  /** Start date; events known only by year count from 1 January. */
  | 'STARTS_ON'
  /** Title. */
  | 'TITLE';

/** The result of an event mutation. */
export type EventPayload = {
  __typename?: 'EventPayload';
  /** Every problem found; empty on success. Nothing was written when it is not empty. */
  errors: Array<UserError>;
  /** The event as stored after the write (a removed one included); null when `errors` is not empty. */
  event?: Maybe<Event>;
};

/** A public field that changed from one published version to the next. */
export type FieldChange = {
  __typename?: 'FieldChange';
  /** Its value in this version. */
  after?: Maybe<Scalars['JSON']['output']>;
  /** Its value in the previous published version; null in the first one. */
  before?: Maybe<Scalars['JSON']['output']>;
  /** The field, as the record's GraphQL type names it. */
  field: Scalars['String']['output'];
};

/** The matrix of ISCMs by the 23 GCM objectives: how many recommendations (shared ones in each ISCM's row) and visible review contributions of each ISCM address each objective. A zero is no outcome in the catalogue, not no activity: read `basis`. */
export type GcmCoverage = {
  __typename?: 'GcmCoverage';
  /** What this analysis rests on: how many records and ISCMs, and how many of those records are classified by editorial judgement or as published. */
  basis: AnalysisBasis;
  /** The 23 objectives, in column order. */
  objectives: Array<GcmObjective>;
  /** One row per ISCM, by name. */
  rows: Array<GcmCoverageRow>;
  /** Per objective, the sums over all rows (23 cells, in order). */
  totals: Array<GcmCoverageCell>;
};

/** One cell of the coverage matrix: one ISCM and one GCM objective. */
export type GcmCoverageCell = {
  __typename?: 'GcmCoverageCell';
  /** Review contributions of the ISCM you may see that address the objective. */
  contributionCount: Scalars['Int']['output'];
  /** The GCM objective, 1 to 23. */
  objectiveNumber: Scalars['Int']['output'];
  /** Recommendations of the ISCM addressing the objective. */
  recommendationCount: Scalars['Int']['output'];
};

/** Which ISCMs the coverage matrix has rows for. */
export type GcmCoverageFilter = {
  /** Only these ISCMs, by slug. */
  iscms?: InputMaybe<Array<Scalars['String']['input']>>;
  /** RCP, IRF or GLOBAL. */
  kind?: InputMaybe<IscmKind>;
  /** An M49 region, sub-region or intermediate region name: ISCMs with a member State placed there. */
  region?: InputMaybe<Scalars['String']['input']>;
};

/** One ISCM's row of the coverage matrix. */
export type GcmCoverageRow = {
  __typename?: 'GcmCoverageRow';
  /** All 23 objectives in order, zeros included. */
  cells: Array<GcmCoverageCell>;
  /** Sum of the row's contribution counts (a contribution addressing two objectives counts twice). */
  contributionCount: Scalars['Int']['output'];
  /** The ISCM. */
  iscm: Iscm;
  /** Sum of the row's recommendation counts (a recommendation addressing two objectives counts twice). */
  recommendationCount: Scalars['Int']['output'];
};

/** One of the 10 cross-cutting and interdependent guiding principles of the GCM (A/RES/73/195, para. 15). */
export type GcmGuidingPrinciple = Node & {
  __typename?: 'GcmGuidingPrinciple';
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Name, e.g. People-centred. */
  name: Scalars['String']['output'];
  /** Principle number, 1 to 10. */
  number: Scalars['Int']['output'];
  /** Where it stands in the GCM, e.g. `15(a)`. */
  paragraph: Scalars['String']['output'];
};

/** One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, para. 16). */
export type GcmObjective = Node & {
  __typename?: 'GcmObjective';
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** ISCMs whose real recommendations (shared ones included) or visible review contributions address the objective, by name, as `gcmCoverage` counts them. */
  iscms: Array<Iscm>;
  /** Objective number, 1 to 23. */
  number: Scalars['Int']['output'];
  /** Recommendations addressing the objective. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  recommendations: RecommendationConnection;
  /** Review contributions addressing the objective that you may see. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  reviewContributions: ReviewContributionConnection;
  /** Short label used by the UN Network on Migration. */
  shortName: Scalars['String']['output'];
  /** Title as adopted in A/RES/73/195. */
  title: Scalars['String']['output'];
};


/** One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, para. 16). */
export type GcmObjectiveRecommendationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecommendationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecommendationOrder>;
};


/** One of the 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195, para. 16). */
export type GcmObjectiveReviewContributionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ReviewContributionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ReviewContributionOrder>;
};

/** The level at which an ISCM outcome acts, from national to global. */
export type GovernanceLevel =
  /** Global: Outcomes that feed global migration governance, such as the GFMD, the IMRF or UN General Assembly processes. */
  | 'GLOBAL'
  /** Interregional: Outcomes that link two or more regions, typically along a migration route or corridor. */
  | 'INTERREGIONAL'
  /** National: Outcomes taken up in a State's own migration law, policy or practice. */
  | 'NATIONAL'
  /** Regional: Outcomes shared among the States of one region, such as a common framework, network or position. */
  | 'REGIONAL';

/** Outcomes at one governance level, whatever their phase and type. */
export type GovernanceLevelCount = {
  __typename?: 'GovernanceLevelCount';
  /** How many of its review contributions you may see are counted here. */
  contributionCount: Scalars['Int']['output'];
  /** Level; null: unclassified. */
  level?: Maybe<GovernanceLevel>;
  /** How many of its recommendations (shared ones included) are counted here. */
  recommendationCount: Scalars['Int']['output'];
};

/** A governance level with its name and description. */
export type GovernanceLevelTerm = {
  __typename?: 'GovernanceLevelTerm';
  /** The code, as used in filters. */
  code: GovernanceLevel;
  /** What the level means. */
  description: Scalars['String']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
};

/** The phase of the policy cycle an ISCM outcome belongs to. */
export type GovernancePhase =
  /** Agenda setting: Putting a migration issue on the table: raising awareness, building trust and a shared understanding of the problem. */
  | 'AGENDA_SETTING'
  /** Consensus building: Working towards common positions, principles, declarations and non-binding agreements among participating States. */
  | 'CONSENSUS_BUILDING'
  /** Policy change: Translating what was agreed into changed laws, policies, institutions or practice. */
  | 'POLICY_CHANGE';

/** Outcomes in one policy-cycle phase, whatever their level and type. */
export type GovernancePhaseCount = {
  __typename?: 'GovernancePhaseCount';
  /** How many of its review contributions you may see are counted here. */
  contributionCount: Scalars['Int']['output'];
  /** Phase; null: unclassified. */
  phase?: Maybe<GovernancePhase>;
  /** How many of its recommendations (shared ones included) are counted here. */
  recommendationCount: Scalars['Int']['output'];
};

/** A governance phase with its name and description. */
export type GovernancePhaseTerm = {
  __typename?: 'GovernancePhaseTerm';
  /** The code, as used in filters. */
  code: GovernancePhase;
  /** What the phase means. */
  description: Scalars['String']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
};

/** An ISCM's recommendations (shared ones included) and visible review contributions counted over governance level, phase and outcome type. Only non-empty cells are listed; totals are per dimension. Read `basis` before reading an empty profile as no activity. */
export type GovernanceProfile = {
  __typename?: 'GovernanceProfile';
  /** What this analysis rests on: how many records and ISCMs, and how many of those records are classified by editorial judgement or as published. */
  basis: AnalysisBasis;
  /** Totals per level, in vocabulary order, unclassified last. */
  byLevel: Array<GovernanceLevelCount>;
  /** Totals per outcome type, in vocabulary order, unclassified last. */
  byOutcomeType: Array<OutcomeTypeCount>;
  /** Totals per phase, in vocabulary order, unclassified last. */
  byPhase: Array<GovernancePhaseCount>;
  /** Every non-empty combination, by level, phase and outcome type. */
  cells: Array<GovernanceProfileCell>;
  /** All its review contributions counted (those you may see). */
  contributionCount: Scalars['Int']['output'];
  /** All its recommendations counted (shared ones included). */
  recommendationCount: Scalars['Int']['output'];
};

/** Outcomes at one combination of level, phase and outcome type. */
export type GovernanceProfileCell = {
  __typename?: 'GovernanceProfileCell';
  /** How many of its review contributions you may see are counted here. */
  contributionCount: Scalars['Int']['output'];
  /** Level; null: unclassified. */
  level?: Maybe<GovernanceLevel>;
  /** Outcome type; null: unclassified. */
  outcomeType?: Maybe<OutcomeType>;
  /** Phase; null: unclassified. */
  phase?: Maybe<GovernancePhase>;
  /** How many of its recommendations (shared ones included) are counted here. */
  recommendationCount: Scalars['Int']['output'];
};

/** What importing one input did (in a check: would do). */
export type ImportOutcome =
  /** A new draft was stored. */
  | 'CREATED'
  /** The input has problems (`errors`); nothing was written for it. */
  | 'FAILED'
  /** The input was fine, but another input of this atomic import failed, so nothing was stored. */
  | 'ROLLED_BACK'
  /** The record its key names already says this, or an editor removed or merged it (see `note`): nothing was written. */
  | 'UNCHANGED'
  /** The draft its key names was changed to say what the input says. */
  | 'UPDATED';

/** One contribution of a bulk import. Slugs and vocabulary fields are read case-insensitively (vocabulary fields are text, so one badly written cell fails its own input only). */
export type ImportReviewContributionInput = {
  /** Challenges the ISCM reports, up to 20,000 characters. */
  challenges?: InputMaybe<Scalars['String']['input']>;
  /** Numbers (1 to 23) of the GCM objectives it addresses. */
  gcmObjectives?: Array<Scalars['Int']['input']>;
  /** Slug of the contributing ISCM, e.g. `bali-process`. */
  iscm: Scalars['String']['input'];
  /** Your identifier of this input (1 to 200 characters), unique per ISCM, e.g. a spreadsheet row id: importing an input with the same key again updates or keeps the record it stored instead of adding one. Without it, the input is known by its ISCM, review process and title (case aside). */
  key?: InputMaybe<Scalars['String']['input']>;
  /** Governance level: the code or its name, in any case, e.g. `REGIONAL` or `Regional`. */
  level?: InputMaybe<Scalars['String']['input']>;
  /** Outcome type: the code or its name, in any case, e.g. `CAPACITY_BUILDING` or `Capacity building`. */
  outcomeType?: InputMaybe<Scalars['String']['input']>;
  /** Policy-cycle phase: the code or its name, in any case, e.g. `AGENDA_SETTING` or `agenda setting`. */
  phase?: InputMaybe<Scalars['String']['input']>;
  /** Practices the ISCM reports, up to 20,000 characters. */
  practices?: InputMaybe<Scalars['String']['input']>;
  /** Slug of the review it is made to, e.g. `imrf-2026`. Drafts may be written at any time; submitting needs the review to be open (`isOpen`). */
  reviewProcess: Scalars['String']['input'];
  /** Summary, 1 to 20,000 characters. */
  summary: Scalars['String']['input'];
  /** Title, 1 to 500 characters (trimmed). */
  title: Scalars['String']['input'];
};

/** The outcome of one input of a bulk import. */
export type ImportReviewContributionResult = {
  __typename?: 'ImportReviewContributionResult';
  /** The contribution its key names, as stored (in a check: as it is now); null when there is none. */
  contribution?: Maybe<ReviewContribution>;
  /** This input's problems (paths start with `inputs`, index, then the field). */
  errors: Array<UserError>;
  /** Position of the input in `inputs`, from 0. */
  index: Scalars['Int']['output'];
  /** Why nothing was written for an UNCHANGED input an editor removed or merged. */
  note?: Maybe<Scalars['String']['output']>;
  /** What happened to it. */
  outcome: ImportOutcome;
};

/** The result of a bulk import. */
export type ImportReviewContributionsPayload = {
  __typename?: 'ImportReviewContributionsPayload';
  /** True for a check (`check: true`): nothing was written. */
  checked: Scalars['Boolean']['output'];
  /** Why the call failed: a refused call (too many inputs, idempotency conflict) or, for an atomic import or a check, every input's problems. Empty when the call succeeded, even if some non-atomic inputs failed. */
  errors: Array<UserError>;
  /** How many contributions this call stored (created or updated). */
  importedCount: Scalars['Int']['output'];
  /** One result per input, in order (empty when the call itself was refused). */
  results: Array<ImportReviewContributionResult>;
};

/** A UN (or UN-partner) statistics source the graph reads through. */
export type IndicatorSource =
  /** UN SDG Global Database (UN Statistics Division): series codes. */
  | 'SDG'
  /** UNHCR Refugee Population Statistics: codes such as `refugees_hosted` or `asylum_seekers_originating`. */
  | 'UNHCR'
  /** UN Population Division Data Portal (World Population Prospects): numeric indicator ids. Needs a token on the server, else SOURCE_NOT_CONFIGURED. */
  | 'UNPD'
  /** World Bank World Development Indicators: ids such as `SM.POP.TOTL`. */
  | 'WORLDBANK';

/** Who publishes a series, under which licence, and how to cite it. */
export type IndicatorSourceInfo = {
  __typename?: 'IndicatorSourceInfo';
  /** How to cite it. */
  citation: Scalars['String']['output'];
  /** The source. */
  key: IndicatorSource;
  /** The licence or terms of use of its data. */
  licence: Scalars['String']['output'];
  /** The source's name. */
  name: Scalars['String']['output'];
  /** Where its data is published. */
  url: Scalars['String']['output'];
};

/** One series aggregated over the member States of an ISCM for one year. */
export type IndicatorSummary = {
  __typename?: 'IndicatorSummary';
  /** The series code at its source. */
  code: Scalars['String']['output'];
  /** `membersWithData / members`; null for a mechanism without listed members. */
  coverage?: Maybe<Scalars['Float']['output']>;
  /** Mean of the members' values for `year`. */
  mean?: Maybe<Scalars['Float']['output']>;
  /** How many member States the ISCM lists. */
  members: Scalars['Int']['output'];
  /** How many of them have a numeric value for `year`. */
  membersWithData: Scalars['Int']['output'];
  /** Where the values come from. */
  source: IndicatorSourceInfo;
  /** True when some values are older than the cache's time to live and could not be refreshed. */
  stale: Scalars['Boolean']['output'];
  /** Sum of the members' values for `year`. */
  sum?: Maybe<Scalars['Float']['output']>;
  /** The year summarised; null when no member has data. */
  year?: Maybe<Scalars['Int']['output']>;
};

/** An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process. */
export type Iscm = Node & {
  __typename?: 'Iscm';
  /** Acronym, e.g. `RCM`; null for processes known by name only (e.g. the Bali Process). */
  acronym?: Maybe<Scalars['String']['output']>;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Facts about it that sources state differently (its founding year, its members or observers, one State's role), each with every side and its sources, by field. The other fields show one side (or none): read these before quoting them. */
  disputedFacts: Array<DisputedFact>;
  /** Its documents (declarations, action plans, statements, ...), alone or with other ISCMs, newest first by default. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  documents: DocumentConnection;
  /** Year it was established. */
  established?: Maybe<Scalars['Int']['output']>;
  /** Meetings it held, alone or with other ISCMs, on the ISCM calendar. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  events: EventConnection;
  /** GCM objectives its recommendations (shared ones included) or visible review contributions address, by number, with counts; real records only unless `includeSynthetic`. */
  gcmObjectives: Array<IscmObjectiveCount>;
  /** Its recommendations (shared ones included) and visible review contributions counted over governance level, phase and outcome type; real records only unless `includeSynthetic`, with the `basis` they rest on. */
  governanceProfile: GovernanceProfile;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** One series summed and averaged over the member States (observers excluded), with the share of members that have data. When its source is down, see `Observation` for what is returned. */
  indicatorSummary?: Maybe<IndicatorSummary>;
  /** RCP, inter-regional forum or global process. */
  kind: IscmKind;
  /** How many member States are listed (observers not counted). */
  memberCount: Scalars['Int']['output'];
  /** Member States, by name. Read `membersConfidence` before treating it as complete. */
  members: Array<MemberState>;
  /** Whether `members` is the complete list (CONFIRMED) or only what the public record showed (PARTIAL). */
  membersConfidence: MembersConfidence;
  /** Members a source names that have no ISO 3166-1 code (e.g. Kosovo*), so are not in `members`. */
  membersWithoutIso: Array<Scalars['String']['output']>;
  /** Every participating State with its role, by State name. */
  memberships: Array<Membership>;
  /** Full name. */
  name: Scalars['String']['output'];
  /** International organisations that observe or support the mechanism. Read `observersConfidence` before treating it as complete. */
  observerOrganizations: Array<Organization>;
  /** Observer States, by name. */
  observers: Array<MemberState>;
  /** Whether `observers` and `observerOrganizations` are the complete lists (CONFIRMED) or only what the public record showed (PARTIAL, the default: an empty list is not "no observers"). */
  observersConfidence: MembersConfidence;
  /** For global processes: who may take part. Their `members` list is empty on purpose. */
  openTo?: Maybe<Scalars['String']['output']>;
  /** The same organisations, each with the source that cites its part, by name. */
  organizationMemberships: Array<OrganizationMembership>;
  /** Recommendations it adopted, with those it adopted together with other ISCMs. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  recommendations: RecommendationConnection;
  /** Regions the mechanism covers, as its sources name them. */
  regions: Array<Scalars['String']['output']>;
  /** Its contributions to GCM reviews that you may see (PUBLISHED ones unless you are its partner or an editor). Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  reviewContributions: ReviewContributionConnection;
  /** Who provides the secretariat, as the source words it; null when there is none or none was found. */
  secretariat?: Maybe<Scalars['String']['output']>;
  /** Stable, URL-safe identifier, e.g. `bali-process`. */
  slug: Scalars['String']['output'];
  /** URLs of the public sources this record rests on. */
  sources: Array<Scalars['String']['output']>;
  /** Whether it still meets. */
  status: IscmStatus;
  /** A paraphrased summary of its purpose and history. */
  summary?: Maybe<Scalars['String']['output']>;
  /** Themes it works on: those linked to it and those of its recommendations you may see (shared ones included), by name. */
  thematicAreas: Array<ThematicArea>;
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Incremented on every change to this record. */
  version: Scalars['Int']['output'];
  /** Official website, when one was seen in the sources. */
  website?: Maybe<Scalars['String']['output']>;
};


/** An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process. */
export type IscmDocumentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DocumentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<DocumentOrder>;
};


/** An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process. */
export type IscmEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<EventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<EventOrder>;
};


/** An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process. */
export type IscmGcmObjectivesArgs = {
  includeSynthetic?: Scalars['Boolean']['input'];
};


/** An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process. */
export type IscmGovernanceProfileArgs = {
  includeSynthetic?: Scalars['Boolean']['input'];
};


/** An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process. */
export type IscmIndicatorSummaryArgs = {
  code: Scalars['String']['input'];
  source: IndicatorSource;
  year?: InputMaybe<Scalars['Int']['input']>;
};


/** An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process. */
export type IscmMembershipsArgs = {
  role?: InputMaybe<MembershipRole>;
};


/** An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process. */
export type IscmRecommendationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecommendationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecommendationOrder>;
};


/** An Inter-State Consultation Mechanism on migration: a regional consultative process, an inter-regional forum or a global process. */
export type IscmReviewContributionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ReviewContributionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ReviewContributionOrder>;
};

/** One page of a list, paged by cursor. */
export type IscmConnection = {
  __typename?: 'IscmConnection';
  /** The items of this page, in order. */
  edges: Array<IscmEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** A node with its cursor. */
export type IscmEdge = {
  __typename?: 'IscmEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Iscm;
};

/** Which ISCMs to list; every given condition must hold. */
export type IscmFilter = {
  /** GCM objective number (1-23): ISCMs with a real recommendation (shared ones included) or visible review contribution addressing it, as `gcmCoverage` counts them. */
  gcmObjective?: InputMaybe<Scalars['Int']['input']>;
  /** RCP, IRF or GLOBAL. */
  kind?: InputMaybe<IscmKind>;
  /** ISO 3166-1 alpha-3 code: ISCMs the State is member or observer of. */
  memberState?: InputMaybe<Scalars['String']['input']>;
  /** An M49 region, sub-region or intermediate region name (see `regions`): ISCMs with at least one member State (not observer) placed there. Global processes list no members, so never match. */
  region?: InputMaybe<Scalars['String']['input']>;
  /** Full-text search on acronym, name and summary (web search syntax: quotes, `or`, `-word`). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Whether it still meets. */
  status?: InputMaybe<IscmStatus>;
  /** Thematic area slug: ISCMs linked to the theme or with a real recommendation on it (shared ones included; demo data does not count). */
  thematicArea?: InputMaybe<Scalars['String']['input']>;
  /** Only records changed at or after this time (`updatedAt`), for incremental exports: pass the largest `updatedAt` your last export saw (records changed at that very instant come again). A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** What kind of inter-State consultation mechanism this is (IOM's typology). */
export type IscmKind =
  /** Global process open to all States, such as the GFMD or the IMRF. */
  | 'GLOBAL'
  /** Inter-regional forum: States of two or more regions, often along a migration route. */
  | 'IRF'
  /** Regional consultative process: States of one region meeting regularly on migration. */
  | 'RCP';

/** A GCM objective an ISCM addresses, with how often. */
export type IscmObjectiveCount = {
  __typename?: 'IscmObjectiveCount';
  /** How many of its review contributions you may see address the objective. */
  contributionCount: Scalars['Int']['output'];
  /** The objective. */
  objective: GcmObjective;
  /** How many of its recommendations (shared ones included) address the objective. */
  recommendationCount: Scalars['Int']['output'];
};

/** How to order ISCMs. */
export type IscmOrder = {
  /** Direction. */
  direction?: SortDirection;
  /** Sort field. */
  field?: IscmOrderField;
};

/** Fields ISCMs can be ordered by. */
export type IscmOrderField =
  /** Acronym, or the name for processes without one. */
  | 'ACRONYM'
  /** Year established; unknown years sort first. */
  | 'ESTABLISHED'
  /** Full name. */
  | 'NAME';

/** The result of an ISCM mutation. */
export type IscmPayload = {
  __typename?: 'IscmPayload';
  /** Every problem found; empty on success. Nothing was written when it is not empty. */
  errors: Array<UserError>;
  /** The ISCM as stored after the write (its `version` incremented); null when `errors` is not empty. */
  iscm?: Maybe<Iscm>;
  /** For setIscmMembership: the membership as stored; null when it was ended (or for updateIscm). */
  membership?: Maybe<Membership>;
  /** For setIscmObserverOrganization: the organisation's observer seat as stored, with its source; null when it was removed (or for the other mutations). */
  organizationMembership?: Maybe<OrganizationMembership>;
};

/** Whether an ISCM still meets, as far as the public record shows. */
export type IscmStatus =
  /** Described as current, or met recently. */
  | 'ACTIVE'
  /** A source says it is dormant or inactive. */
  | 'INACTIVE'
  /** No recent activity could be confirmed. */
  | 'UNKNOWN';

/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberState = Node & {
  __typename?: 'MemberState';
  /** Other names it is known by (former, common and ISO 3166-1 names), which `search` finds it by. */
  alternativeNames: Array<Scalars['String']['output']>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Any series of a UN source for this State, by code and year. Null only when every code failed with nothing cached. `from`/`to` bound the years (inclusive); `from` may not be after `to`. When its source is down, see `Observation` for what is returned. */
  indicators?: Maybe<Array<Observation>>;
  /** M49 intermediate region where one applies, e.g. Central America. */
  intermediateRegion?: Maybe<Scalars['String']['output']>;
  /** ISCMs the State takes part in (as member or observer), by name. */
  iscms: Array<Iscm>;
  /** ISO 3166-1 alpha-2 code, e.g. `PH`. */
  iso2: Scalars['String']['output'];
  /** ISO 3166-1 alpha-3 code, e.g. `PHL`. */
  iso3: Scalars['String']['output'];
  /** UN M49 numeric code, e.g. 608. */
  m49: Scalars['Int']['output'];
  /** The State's memberships with their roles, by ISCM name. */
  memberships: Array<Membership>;
  /** International migrant stock (persons): UN DESA's estimates as published by the World Bank (WORLDBANK `SM.POP.TOTL`). Without `from`/`to`, a list holding only the latest observation (empty when the source has none); with them, every year in the range. `from`/`to` bound the years (inclusive); `from` may not be after `to`. When its source is down, see `Observation` for what is returned. */
  migrantStock?: Maybe<Array<Observation>>;
  /** Short name. */
  name: Scalars['String']['output'];
  /** Official name. */
  officialName?: Maybe<Scalars['String']['output']>;
  /** The other States it shares most ISCMs with (both as members), most shared first, then by name. */
  overlap: Array<StateOverlap>;
  /** Recommendations of the ISCMs it is a member of (not an observer). Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  recommendations: RecommendationConnection;
  /** Refugees under UNHCR's mandate hosted by this State (UNHCR `refugees_hosted`). Without `from`/`to`, a list holding only the latest observation (empty when the source has none); with them, every year in the range. `from`/`to` bound the years (inclusive); `from` may not be after `to`. When its source is down, see `Observation` for what is returned. */
  refugeesHosted?: Maybe<Array<Observation>>;
  /** Refugees under UNHCR's mandate originating from this State (UNHCR `refugees_originating`). Without `from`/`to`, a list holding only the latest observation (empty when the source has none); with them, every year in the range. `from`/`to` bound the years (inclusive); `from` may not be after `to`. When its source is down, see `Observation` for what is returned. */
  refugeesOriginating?: Maybe<Array<Observation>>;
  /** M49 region (Africa, Americas, Asia, Europe, Oceania). */
  region?: Maybe<Scalars['String']['output']>;
  /** Remittance costs as a proportion of the amount remitted, % (SDG indicator 10.c.1, series `SI_RMT_COST`). Without `from`/`to`, a list holding only the latest observation (empty when the source has none); with them, every year in the range. `from`/`to` bound the years (inclusive); `from` may not be after `to`. When its source is down, see `Observation` for what is returned. */
  remittanceCostPercent?: Maybe<Array<Observation>>;
  /** Personal remittances received, current US$ (WORLDBANK `BX.TRF.PWKR.CD.DT`). Without `from`/`to`, a list holding only the latest observation (empty when the source has none); with them, every year in the range. `from`/`to` bound the years (inclusive); `from` may not be after `to`. When its source is down, see `Observation` for what is returned. */
  remittancesReceived?: Maybe<Array<Observation>>;
  /** M49 sub-region, e.g. South-eastern Asia. */
  subregion?: Maybe<Scalars['String']['output']>;
  /** Whether it is one of the 193 UN Member States. */
  unMember: Scalars['Boolean']['output'];
  /** Year of admission to the UN, for Member States. */
  unMemberSince?: Maybe<Scalars['Int']['output']>;
  /** Standing at the United Nations. */
  unStatus: UnStatus;
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
};


/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberStateIndicatorsArgs = {
  codes: Array<Scalars['String']['input']>;
  from?: InputMaybe<Scalars['Int']['input']>;
  source: IndicatorSource;
  to?: InputMaybe<Scalars['Int']['input']>;
};


/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberStateIscmsArgs = {
  role?: InputMaybe<MembershipRole>;
};


/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberStateMigrantStockArgs = {
  from?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['Int']['input']>;
};


/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberStateOverlapArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberStateRecommendationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecommendationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecommendationOrder>;
};


/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberStateRefugeesHostedArgs = {
  from?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['Int']['input']>;
};


/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberStateRefugeesOriginatingArgs = {
  from?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['Int']['input']>;
};


/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberStateRemittanceCostPercentArgs = {
  from?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['Int']['input']>;
};


/** A State or territory, identified by ISO 3166-1 alpha-3 and placed in the UN M49 regions. */
export type MemberStateRemittancesReceivedArgs = {
  from?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['Int']['input']>;
};

/** One page of a list, paged by cursor. */
export type MemberStateConnection = {
  __typename?: 'MemberStateConnection';
  /** The items of this page, in order. */
  edges: Array<MemberStateEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** A node with its cursor. */
export type MemberStateEdge = {
  __typename?: 'MemberStateEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: MemberState;
};

/** Which member States to list; every given condition must hold. */
export type MemberStateFilter = {
  /** ISCM slug: States taking part in it as member or observer. */
  iscm?: InputMaybe<Scalars['String']['input']>;
  /** An M49 region, sub-region or intermediate region name (see `regions`). */
  region?: InputMaybe<Scalars['String']['input']>;
  /** A name or the start of one, in any case and with or without accents: the M49 name, the official name or another name it is known by (`Viet Nam`, `Vietnam`, `Russia`, `South Korea`, `Congo-Kinshasa`, `Turkiye`), or the ISO 3166-1 alpha-3 or alpha-2 code. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only the 193 UN Member States (as `unStatus: [MEMBER]`). */
  unMembersOnly?: Scalars['Boolean']['input'];
  /** Only these standings at the UN. Without it, the 195 States: the 193 UN Member States and the 2 observer States (MEMBER, OBSERVER); `[NONE]` lists the territories and other areas, `[MEMBER, OBSERVER, NONE]` everything. */
  unStatus?: InputMaybe<Array<UnStatus>>;
  /** Only records changed at or after this time (`updatedAt`), for incremental exports: pass the largest `updatedAt` your last export saw (records changed at that very instant come again). A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** How to order member States. */
export type MemberStateOrder = {
  /** Direction. */
  direction?: SortDirection;
  /** Sort field. */
  field?: MemberStateOrderField;
};

/** Fields member States can be ordered by. */
export type MemberStateOrderField =
  /** ISO 3166-1 alpha-3 code. */
  | 'ISO3'
  /** Short name. */
  | 'NAME';

/** How complete an ISCM's member (or observer) list is known to be. */
export type MembersConfidence =
  /** A source gives the full list and every listed State is included. */
  | 'CONFIRMED'
  /** The public record did not list every one: do not read the list as complete. */
  | 'PARTIAL';

/** A State's participation in an ISCM. */
export type Membership = {
  __typename?: 'Membership';
  /** The mechanism. */
  iscm: Iscm;
  /** What the sources say about it, where it needs a word. */
  note?: Maybe<Scalars['String']['output']>;
  /** Member or observer (where `unverified`, the role the catalogue holds, in doubt). */
  role: MembershipRole;
  /** Year the State joined, when known. */
  since?: Maybe<Scalars['Int']['output']>;
  /** Source URL of the membership, where one is recorded for it (always for territories). */
  source?: Maybe<Scalars['String']['output']>;
  /** The State. */
  state: MemberState;
  /** Year a source says its participation ended or was suspended; null while it lasts or when unknown. */
  until?: Maybe<Scalars['Int']['output']>;
  /** True where the sources leave the role in doubt (see `note`, and the ISCM's `disputedFacts`). */
  unverified: Scalars['Boolean']['output'];
};

/** How a State takes part in an ISCM. */
export type MembershipRole =
  /** A full member or participating State. */
  | 'MEMBER'
  /** An observer State. */
  | 'OBSERVER';

/** One of the three objectives of MiGOF. */
export type MigofObjective = {
  __typename?: 'MigofObjective';
  /** Objective number, 1 to 3. */
  number: Scalars['Int']['output'];
  /** The short title of IOM's MiGOF brochure (PUB2020/009/L). */
  shortTitle: Scalars['String']['output'];
  /** URLs of the sources of the statement and of its short title. */
  sources: Array<Scalars['String']['output']>;
  /** The statement, as IOM's Migration Governance Framework words it. */
  statement: Scalars['String']['output'];
};

/** One of the three principles of MiGOF. */
export type MigofPrinciple = {
  __typename?: 'MigofPrinciple';
  /** Principle number, 1 to 3. */
  number: Scalars['Int']['output'];
  /** The short title of IOM's MiGOF brochure (PUB2020/009/L). */
  shortTitle: Scalars['String']['output'];
  /** URLs of the sources of the statement and of its short title. */
  sources: Array<Scalars['String']['output']>;
  /** The statement, as IOM's Migration Governance Framework words it. */
  statement: Scalars['String']['output'];
};

/** IOM's Migration Governance Framework (MiGOF), endorsed by IOM Member States in 2015: what well-governed migration would look like, as three principles and three objectives. */
export type MigrationGovernanceFramework = {
  __typename?: 'MigrationGovernanceFramework';
  /** `MiGOF`. */
  acronym: Scalars['String']['output'];
  /** When and how it was endorsed, as sourced. */
  endorsed: Scalars['String']['output'];
  /** Its name. */
  name: Scalars['String']['output'];
  /** Its objectives, by number. */
  objectives: Array<MigofObjective>;
  /** The organisation that issued it. */
  organization: Scalars['String']['output'];
  /** Its principles, by number. */
  principles: Array<MigofPrinciple>;
  /** URLs of the sources of this record. */
  sources: Array<Scalars['String']['output']>;
};

/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Add a document, citing a source (editors). Optional client-chosen key (1 to 200 characters, scoped to your key or token): a retry with the same key and the same input returns the first result and writes nothing; the same key with a different input is a CONFLICT. */
  createDocument: DocumentPayload;
  /** Add a meeting to the ISCM calendar, citing a source (editors). Optional client-chosen key (1 to 200 characters, scoped to your key or token): a retry with the same key and the same input returns the first result and writes nothing; the same key with a different input is a CONFLICT. */
  createEvent: EventPayload;
  /** Record a DRAFT recommendation of an ISCM you may write for. Optional client-chosen key (1 to 200 characters, scoped to your key or token): a retry with the same key and the same input returns the first result and writes nothing; the same key with a different input is a CONFLICT. */
  createRecommendation: RecommendationPayload;
  /** Create a DRAFT contribution for an ISCM you may write for. Optional client-chosen key (1 to 200 characters, scoped to your key or token): a retry with the same key and the same input returns the first result and writes nothing; the same key with a different input is a CONFLICT. */
  createReviewContribution: ReviewContributionPayload;
  /** Open a new review process, citing a source (editors). Partners then submit contributions to it while it is open. */
  createReviewProcess: ReviewProcessPayload;
  /** Import many contributions in one call (at most ISCM_MAX_IMPORT_ITEMS, 500 by default), each known by its `key` (or its ISCM, review process and title): an input names a new draft (CREATED), a draft it changes (UPDATED) or a record that already says the same (UNCHANGED), so importing the same inputs again stores nothing twice. A record past DRAFT is not changed (CONFLICT). `atomic: true` (the default) stores all or none; `atomic: false` stores each valid input and reports the others; `check: true` reports what would happen and writes nothing. Optional client-chosen key (1 to 200 characters, scoped to your key or token): a retry with the same key and the same input returns the first result and writes nothing; the same key with a different input is a CONFLICT. */
  importReviewContributions: ImportReviewContributionsPayload;
  /** Record the events that adopted a document, citing a source (editors); its version increments. */
  linkDocumentToEvents: DocumentPayload;
  /** Record the ISCMs a document concerns, citing a source (editors); its version increments. */
  linkDocumentToIscms: DocumentPayload;
  /** Record the documents an event adopted, citing a source (editors); its version increments. */
  linkEventToDocuments: EventPayload;
  /** Record the other ISCMs that share an event (a joint meeting), citing a source (editors); its version increments. */
  linkEventToIscms: EventPayload;
  /** Link a recommendation to GCM objectives (its version increments). */
  linkRecommendationToObjectives: RecommendationPayload;
  /** Merge a duplicate into another recommendation of the same ISCM (editors): that one keeps its content, gains the duplicate's objectives, themes, SDG targets, ISCMs and sources (and its meeting, document, date and source URL where it has none), and answers to the duplicate's id from then on (in `node`, `nodes`, `_entities` and mutations); the duplicate is removed. The payload holds the merged record. */
  mergeRecommendation: RecommendationPayload;
  /** Merge a duplicate into another contribution of the same ISCM (editors): that one keeps its content, gains the duplicate's GCM objectives, and answers to the duplicate's id from then on (in `node`, `nodes`, `_entities` and mutations); the duplicate is removed. The payload holds the merged record. */
  mergeReviewContribution: ReviewContributionPayload;
  /** SUBMITTED → PUBLISHED: makes it public (editors). */
  publishRecommendation: RecommendationPayload;
  /** SUBMITTED → PUBLISHED: makes it public (editors). */
  publishReviewContribution: ReviewContributionPayload;
  /** Remove a document, a duplicate say (editors): it disappears from every read, search included, and `restoreDocument` brings it back. */
  removeDocument: DocumentPayload;
  /** Remove an event, a duplicate or a meeting that never took place (editors): it disappears from every read, the calendar feed included, and `restoreEvent` brings it back. */
  removeEvent: EventPayload;
  /** Remove a recommendation, a duplicate say (editors): it disappears from every read, counts and search included, and `restoreRecommendation` brings it back. */
  removeRecommendation: RecommendationPayload;
  /** Remove a contribution, a duplicate say (editors): it disappears from every read, and `restoreReviewContribution` brings it back. */
  removeReviewContribution: ReviewContributionPayload;
  /** Bring a removed document back as it was (editors); list removed ones with `documents(filter: {removed: true})`. */
  restoreDocument: DocumentPayload;
  /** Bring a removed event back as it was (editors); list removed ones with `events(filter: {removed: true})`. */
  restoreEvent: EventPayload;
  /** Bring a removed recommendation back as it was (editors); list removed ones with `recommendations(filter: {removed: true})`. */
  restoreRecommendation: RecommendationPayload;
  /** Bring a removed contribution back as it was (editors); list removed ones with `reviewContributions(filter: {removed: true})`. */
  restoreReviewContribution: ReviewContributionPayload;
  /** Add a State to an ISCM, change its role, or end its membership with `role: null` (editors). Increments the ISCM's `version`, so `iscm-graph seed` keeps the change. */
  setIscmMembership: IscmPayload;
  /** Seat an international organisation as observer of an ISCM, change the source that lists it, or remove it with `observer: false`, citing a source (editors). An organisation not yet known is added. Increments the ISCM's `version`, so `iscm-graph seed` keeps the change. */
  setIscmObserverOrganization: IscmPayload;
  /** DRAFT → SUBMITTED: ready for an editor to publish. */
  submitRecommendation: RecommendationPayload;
  /** DRAFT → SUBMITTED, while its review process is open (OUTSIDE_REVIEW_WINDOW otherwise; editors may submit at any time). */
  submitReviewContribution: ReviewContributionPayload;
  /** Change a document from the version you last read, citing a source (editors). `iscm-graph seed` keeps documents changed this way. */
  updateDocument: DocumentPayload;
  /** Change an event from the version you last read, citing a source (editors). `iscm-graph seed` keeps events changed this way. */
  updateEvent: EventPayload;
  /** Edit an ISCM record from the version you last read, citing a source (editors). `iscm-graph seed` keeps records edited this way. */
  updateIscm: IscmPayload;
  /** Change a DRAFT or SUBMITTED recommendation (PUBLISHED ones: editors only), from the version you last read. */
  updateRecommendation: RecommendationPayload;
  /** Change a DRAFT or SUBMITTED contribution (PUBLISHED ones: editors only), from the version you last read. */
  updateReviewContribution: ReviewContributionPayload;
  /** Change a review process (its window, whether the window is official, its official page, ...) from the version you last read, citing a source (editors). `iscm-graph seed` keeps processes changed this way. */
  updateReviewProcess: ReviewProcessPayload;
  /** Withdraw a recommendation (final). A PUBLISHED one may be withdrawn by editors only. */
  withdrawRecommendation: RecommendationPayload;
  /** Withdraw a contribution (final). A PUBLISHED one may be withdrawn by editors only. */
  withdrawReviewContribution: ReviewContributionPayload;
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationCreateDocumentArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: CreateDocumentInput;
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationCreateEventArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: CreateEventInput;
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationCreateRecommendationArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: CreateRecommendationInput;
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationCreateReviewContributionArgs = {
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  input: CreateReviewContributionInput;
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationCreateReviewProcessArgs = {
  input: CreateReviewProcessInput;
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationImportReviewContributionsArgs = {
  atomic?: Scalars['Boolean']['input'];
  check?: Scalars['Boolean']['input'];
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  inputs: Array<ImportReviewContributionInput>;
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationLinkDocumentToEventsArgs = {
  events: Array<Scalars['ID']['input']>;
  id: Scalars['ID']['input'];
  replace?: Scalars['Boolean']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationLinkDocumentToIscmsArgs = {
  id: Scalars['ID']['input'];
  iscms: Array<Scalars['String']['input']>;
  replace?: Scalars['Boolean']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationLinkEventToDocumentsArgs = {
  documents: Array<Scalars['ID']['input']>;
  id: Scalars['ID']['input'];
  replace?: Scalars['Boolean']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationLinkEventToIscmsArgs = {
  id: Scalars['ID']['input'];
  iscms: Array<Scalars['String']['input']>;
  replace?: Scalars['Boolean']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationLinkRecommendationToObjectivesArgs = {
  id: Scalars['ID']['input'];
  objectives: Array<Scalars['Int']['input']>;
  replace?: Scalars['Boolean']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationMergeRecommendationArgs = {
  id: Scalars['ID']['input'];
  into: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationMergeReviewContributionArgs = {
  id: Scalars['ID']['input'];
  into: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationPublishRecommendationArgs = {
  id: Scalars['ID']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationPublishReviewContributionArgs = {
  id: Scalars['ID']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationRemoveDocumentArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationRemoveEventArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationRemoveRecommendationArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationRemoveReviewContributionArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationRestoreDocumentArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationRestoreEventArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationRestoreRecommendationArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationRestoreReviewContributionArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationSetIscmMembershipArgs = {
  iso3: Scalars['String']['input'];
  role?: InputMaybe<MembershipRole>;
  since?: InputMaybe<Scalars['Int']['input']>;
  slug: Scalars['String']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationSetIscmObserverOrganizationArgs = {
  acronym?: InputMaybe<Scalars['String']['input']>;
  observer?: Scalars['Boolean']['input'];
  organization: Scalars['String']['input'];
  slug: Scalars['String']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationSubmitRecommendationArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationSubmitReviewContributionArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationUpdateDocumentArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateDocumentInput;
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationUpdateEventArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateEventInput;
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationUpdateIscmArgs = {
  expectedVersion: Scalars['Int']['input'];
  input: UpdateIscmInput;
  slug: Scalars['String']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationUpdateRecommendationArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateRecommendationInput;
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationUpdateReviewContributionArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateReviewContributionInput;
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationUpdateReviewProcessArgs = {
  expectedVersion: Scalars['Int']['input'];
  input: UpdateReviewProcessInput;
  slug: Scalars['String']['input'];
  source: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationWithdrawRecommendationArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/** Writes, for authenticated callers (`Authorization: Bearer <API key or JWT>`). An anonymous write is refused at top level with `extensions.code = UNAUTHENTICATED`; every other refusal (validation, NOT_FOUND, FORBIDDEN, CONFLICT) is listed in the payload's `errors` and writes nothing. Each mutation is one transaction and is recorded in the audit trail. */
export type MutationWithdrawReviewContributionArgs = {
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

/** An object with a Globally Unique ID */
export type Node = {
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
};

/** One value of a UN series for one State and year, served from the graph's cache and refreshed from its source once older than the source's time to live. When the source cannot be reached, cached values are returned with `stale: true` and the response carries an error at the field's path with `extensions.code` UPSTREAM_UNAVAILABLE and `extensions.source`; with nothing cached the field is null with the same error, and the rest of the query is unaffected. A source this server has no credentials for (UNPD without a token) gives the error SOURCE_NOT_CONFIGURED in the same way. */
export type Observation = {
  __typename?: 'Observation';
  /** The series code at its source. */
  code: Scalars['String']['output'];
  /** The slice this value belongs to (sex, age, counterpart State, ...); empty for totals. */
  dimensions: Array<ObservationDimension>;
  /** When the graph fetched it from the source. */
  fetchedAt: Scalars['DateTime']['output'];
  /** The source's footnotes on this value. */
  footnotes: Array<Scalars['String']['output']>;
  /** ISO 3166-1 alpha-3 code of the State. */
  iso3: Scalars['String']['output'];
  /** The series name at its source. */
  name: Scalars['String']['output'];
  /** The value exactly as the source wrote it. */
  rawValue?: Maybe<Scalars['String']['output']>;
  /** Where the value comes from. */
  source: IndicatorSourceInfo;
  /** True when the value is older than the cache's time to live and could not be refreshed. */
  stale: Scalars['Boolean']['output'];
  /** True for generated test or benchmark data, never for a source's value. */
  synthetic: Scalars['Boolean']['output'];
  /** Unit, when the source states one. */
  unit?: Maybe<Scalars['String']['output']>;
  /** The value as a number; null when the source gave a note instead (see `rawValue`). */
  value?: Maybe<Scalars['Float']['output']>;
  /** The year (first year of a period). */
  year: Scalars['Int']['output'];
};

/** One dimension of an observation, e.g. `Sex` = `BOTHSEX`. */
export type ObservationDimension = {
  __typename?: 'ObservationDimension';
  /** Dimension name, as the source names it. */
  key: Scalars['String']['output'];
  /** Dimension value, as the source codes it. */
  value: Scalars['String']['output'];
};

/** An international organisation taking part in ISCMs as observer or partner. */
export type Organization = {
  __typename?: 'Organization';
  /** Acronym, when the name carries one. */
  acronym?: Maybe<Scalars['String']['output']>;
  /** Full name, as the source writes it. */
  name: Scalars['String']['output'];
};

/** An international organisation's part in an ISCM. */
export type OrganizationMembership = {
  __typename?: 'OrganizationMembership';
  /** The organisation. */
  organization: Organization;
  /** Source URL citing its part, where one is recorded for it. */
  source?: Maybe<Scalars['String']['output']>;
};

/** The kind of outcome an ISCM produces. */
export type OutcomeType =
  /** Capacity building: Training, technical assistance and exchange that strengthen States' capacity to govern migration. */
  | 'CAPACITY_BUILDING'
  /** Common regional position for global processes: A position the participating States agree to carry into global processes such as the GFMD or the IMRF. */
  | 'COMMON_REGIONAL_POSITION'
  /** Comparing laws and policies: Comparisons of national laws, policies and practices that let States learn from one another and harmonise. */
  | 'COMPARING_LAWS_POLICIES'
  /** Data repository: Shared collections of migration data, research and documents kept for participating States. */
  | 'DATA_REPOSITORY'
  /** Forum for dialogue: A regular, informal and non-binding space where States exchange views and information on migration. */
  | 'FORUM_FOR_DIALOGUE'
  /** Government network: Lasting contacts and networks of officials across governments that ease day-to-day cooperation. */
  | 'GOVERNMENT_NETWORK'
  /** Pilot projects: Joint projects that test an approach in practice before it is scaled up. */
  | 'PILOT_PROJECTS';

/** Outcomes of one outcome type, whatever their level and phase. */
export type OutcomeTypeCount = {
  __typename?: 'OutcomeTypeCount';
  /** How many of its review contributions you may see are counted here. */
  contributionCount: Scalars['Int']['output'];
  /** Outcome type; null: unclassified. */
  outcomeType?: Maybe<OutcomeType>;
  /** How many of its recommendations (shared ones included) are counted here. */
  recommendationCount: Scalars['Int']['output'];
};

/** An outcome type with its name and description. */
export type OutcomeTypeTerm = {
  __typename?: 'OutcomeTypeTerm';
  /** The code, as used in filters. */
  code: OutcomeType;
  /** What the outcome type means. */
  description: Scalars['String']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
};

/** Where a page sits in its list. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge, if any. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether rows follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
  /** Whether rows precede this page (known exactly when paging backwards with `last`). */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge, if any. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** A version of a record as it was published: public facts only, for everyone who sees the record. */
export type PublishedVersion = {
  __typename?: 'PublishedVersion';
  /** The public fields that differ from the previous published version, by name; in the first version, every field that has a value. */
  changes: Array<FieldChange>;
  /** When this version was published. */
  publishedAt: Scalars['DateTime']['output'];
  /** Who published it: the ISCM whose record it is (null for a recommendation of a Global RCP meeting). */
  publishedBy?: Maybe<Iscm>;
  /** The record's `version` once published so. */
  version: Scalars['Int']['output'];
};

/** Read access to the ISCM graph. */
export type Query = {
  __typename?: 'Query';
  /** The whole audit log, newest first: every write to every record, drafts, key names and ids included. Admins only (FORBIDDEN otherwise). Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  auditEvents: AuditEventConnection;
  /** Published documents, newest first by default. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  documents: DocumentConnection;
  /** The ISCM calendar, Global RCP meetings included; earliest first by default. Relay paging: `first`/`after` forwards, `last`/`before` backwards. Also served as iCalendar at `/calendar.ics`. */
  events: EventConnection;
  /** The coverage matrix: ISCMs (by name) by the 23 GCM objectives, with counts of recommendations and visible review contributions per cell, real records only unless `includeSynthetic`, and the `basis` it rests on. */
  gcmCoverage: GcmCoverage;
  /** The 10 GCM guiding principles, in order. */
  gcmGuidingPrinciples: Array<GcmGuidingPrinciple>;
  /** One GCM objective by number; a number outside 1-23 is a BAD_USER_INPUT. */
  gcmObjective?: Maybe<GcmObjective>;
  /** The 23 GCM objectives, in order. */
  gcmObjectives: Array<GcmObjective>;
  /** The governance levels, in order, with their descriptions. */
  governanceLevels: Array<GovernanceLevelTerm>;
  /** The governance phases, in order, with their descriptions. */
  governancePhases: Array<GovernancePhaseTerm>;
  /** One ISCM by slug; null when there is none. */
  iscm?: Maybe<Iscm>;
  /** The ISCM catalogue. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  iscms: IscmConnection;
  /** One State by ISO 3166-1 alpha-3 code; null when there is none. */
  memberState?: Maybe<MemberState>;
  /** The 195 States (UN Member and observer States), by name; territories and other areas with `filter: {unStatus: ...}`. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  memberStates: MemberStateConnection;
  /** IOM's Migration Governance Framework, with its principles and objectives; null before the reference data is loaded. */
  migof?: Maybe<MigrationGovernanceFramework>;
  /** Fetch any object by its global ID. */
  node?: Maybe<Node>;
  /** Fetch objects by their global IDs, in order. */
  nodes: Array<Maybe<Node>>;
  /** The outcome types, in order, with their descriptions. */
  outcomeTypes: Array<OutcomeTypeTerm>;
  /** Recommendations you may see (PUBLISHED ones without credentials), newest first by default. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  recommendations: RecommendationConnection;
  /** One M49 region, sub-region or intermediate region by name; null when there is none. */
  region?: Maybe<Region>;
  /** The M49 regions member States are placed in, by name, each with its sub-regions. */
  regions: Array<Region>;
  /** Review contributions you may see (PUBLISHED ones without credentials), newest first by default. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  reviewContributions: ReviewContributionConnection;
  /** One GCM review by slug; null when there is none. */
  reviewProcess?: Maybe<ReviewProcess>;
  /** GCM reviews, in the order they open. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  reviewProcesses: ReviewProcessConnection;
  /** One SDG target or indicator by code; null when there is none. */
  sdgTarget?: Maybe<SdgTarget>;
  /** SDG targets and indicators relevant to migration, by goal and code. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  sdgTargets: SdgTargetConnection;
  /** Full-text search over ISCMs, recommendations and documents, best match first (ranked by ts_rank; web search syntax: quotes, `or`, `-word`); real records only unless `includeSynthetic`. */
  search: Array<SearchResult>;
  /** Thematic areas, by name. Relay paging: `first`/`after` forwards, `last`/`before` backwards. */
  thematicAreas: ThematicAreaConnection;
};


/** Read access to the ISCM graph. */
export type QueryAuditEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Read access to the ISCM graph. */
export type QueryDocumentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DocumentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<DocumentOrder>;
};


/** Read access to the ISCM graph. */
export type QueryEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<EventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<EventOrder>;
};


/** Read access to the ISCM graph. */
export type QueryGcmCoverageArgs = {
  filter?: InputMaybe<GcmCoverageFilter>;
  includeSynthetic?: Scalars['Boolean']['input'];
};


/** Read access to the ISCM graph. */
export type QueryGcmObjectiveArgs = {
  number: Scalars['Int']['input'];
};


/** Read access to the ISCM graph. */
export type QueryIscmArgs = {
  slug: Scalars['String']['input'];
};


/** Read access to the ISCM graph. */
export type QueryIscmsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<IscmFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<IscmOrder>;
};


/** Read access to the ISCM graph. */
export type QueryMemberStateArgs = {
  iso3: Scalars['String']['input'];
};


/** Read access to the ISCM graph. */
export type QueryMemberStatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MemberStateFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<MemberStateOrder>;
};


/** Read access to the ISCM graph. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** Read access to the ISCM graph. */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/** Read access to the ISCM graph. */
export type QueryRecommendationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecommendationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecommendationOrder>;
};


/** Read access to the ISCM graph. */
export type QueryRegionArgs = {
  name: Scalars['String']['input'];
};


/** Read access to the ISCM graph. */
export type QueryReviewContributionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ReviewContributionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ReviewContributionOrder>;
};


/** Read access to the ISCM graph. */
export type QueryReviewProcessArgs = {
  slug: Scalars['String']['input'];
};


/** Read access to the ISCM graph. */
export type QueryReviewProcessesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ReviewProcessFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Read access to the ISCM graph. */
export type QuerySdgTargetArgs = {
  code: Scalars['String']['input'];
};


/** Read access to the ISCM graph. */
export type QuerySdgTargetsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SdgTargetFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Read access to the ISCM graph. */
export type QuerySearchArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  includeSynthetic?: Scalars['Boolean']['input'];
  query: Scalars['String']['input'];
};


/** Read access to the ISCM graph. */
export type QueryThematicAreasArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ThematicAreaFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** A recommendation adopted by an ISCM or by a Global RCP meeting. Only PUBLISHED ones are public (the curated ones are published on load); drafts are visible to their ISCM's partners and to editors. Removed ones are visible to nobody; the id of a duplicate merged into another names that one. */
export type Recommendation = Node & {
  __typename?: 'Recommendation';
  /** Date of adoption, when known. */
  adoptedOn?: Maybe<Scalars['Date']['output']>;
  /** Who classified its level, phase, outcome type, objectives and themes: EDITORIAL means the catalogue's judgement, not the source's words, with the note that explains it. Null where nobody said. */
  classification?: Maybe<Classification>;
  /** Where the sources disagree about it, with both sides. */
  conflicts?: Maybe<Scalars['String']['output']>;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** The document it is part of, when recorded. */
  document?: Maybe<Document>;
  /** The meeting that adopted it, when recorded. */
  event?: Maybe<Event>;
  /** GCM objectives it addresses, by number. */
  gcmObjectives: Array<GcmObjective>;
  /** Every recorded change to it, oldest first: who, when, and the values before and after, drafts included. Only its ISCM's partners, editors and admins read it; for anyone else the list is empty (see `publishedVersions`). */
  history: Array<AuditEvent>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** The ISCM that adopted it; null when a Global RCP meeting adopted it. */
  iscm?: Maybe<Iscm>;
  /** Every ISCM it belongs to, by name: the one that adopted it and those it was adopted together with. */
  iscms: Array<Iscm>;
  /** The governance level it acts at, when classified. */
  level?: Maybe<GovernanceLevel>;
  /** Why it is linked to its document or meeting, where that link is a judgement. */
  linkNote?: Maybe<Scalars['String']['output']>;
  /** Its number in its document as the source prints it ("3", "5a", "B"), when it shows one. */
  number?: Maybe<Scalars['String']['output']>;
  /** What the number refers to, where unclear. */
  numberNote?: Maybe<Scalars['String']['output']>;
  /** The kind of outcome it is, when classified. */
  outcomeType?: Maybe<OutcomeType>;
  /** The policy-cycle phase it belongs to, when classified. */
  phase?: Maybe<GovernancePhase>;
  /** When it was published. */
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Its published versions, oldest first: when, by which ISCM, and what changed. Curated records published on load have none. */
  publishedVersions: Array<PublishedVersion>;
  /** When an editor removed it (only editors list removed records); null otherwise. */
  removedAt?: Maybe<Scalars['DateTime']['output']>;
  /** SDG targets and indicators it is linked to, by code. */
  sdgTargets: Array<SdgTarget>;
  /** Stable identifier of an outcome of the ISCMs' own documents (loaded from the catalogue's files); null for others. */
  slug?: Maybe<Scalars['String']['output']>;
  /** Where the text was published (required of recommendations written through the API). */
  sourceUrl?: Maybe<Scalars['String']['output']>;
  /** URLs of the public sources this record rests on. */
  sources: Array<Scalars['String']['output']>;
  /** Where it stands in its workflow. */
  status: ContributionStatus;
  /** When it was submitted. */
  submittedAt?: Maybe<Scalars['DateTime']['output']>;
  /** True for generated example data (`iscm-graph seed --demo`), never a real recommendation. */
  synthetic: Scalars['Boolean']['output'];
  /** Full text, or for the ISCMs' outcomes a paraphrased summary (see `sources` for the words). */
  text: Scalars['String']['output'];
  /** Themes it addresses, by name. */
  thematicAreas: Array<ThematicArea>;
  /** Title. */
  title: Scalars['String']['output'];
  /** True where the source gives no title and this one was written by the catalogue to describe the text. */
  titleIsDescriptive: Scalars['Boolean']['output'];
  /** How the title was made, where it is not the source's. */
  titleNote?: Maybe<Scalars['String']['output']>;
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Incremented on every change to this record. */
  version: Scalars['Int']['output'];
};

/** One page of a list, paged by cursor. */
export type RecommendationConnection = {
  __typename?: 'RecommendationConnection';
  /** The items of this page, in order. */
  edges: Array<RecommendationEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** A node with its cursor. */
export type RecommendationEdge = {
  __typename?: 'RecommendationEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Recommendation;
};

/** Which recommendations to list; every given condition must hold. */
export type RecommendationFilter = {
  /** Adopted on or after this day (undated ones are left out). */
  adoptedFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Adopted on or before this day (undated ones are left out). */
  adoptedTo?: InputMaybe<Scalars['Date']['input']>;
  /** GCM objective number (1-23) it addresses. */
  gcmObjective?: InputMaybe<Scalars['Int']['input']>;
  /** Slug of an ISCM it belongs to (that adopted it, alone or with others). */
  iscm?: InputMaybe<Scalars['String']['input']>;
  /** Governance level. */
  level?: InputMaybe<GovernanceLevel>;
  /** Outcome type. */
  outcomeType?: InputMaybe<OutcomeType>;
  /** Governance phase. */
  phase?: InputMaybe<GovernancePhase>;
  /** Editors: list the removed ones (that `restoreRecommendation` can bring back) instead; nobody else sees any. */
  removed?: Scalars['Boolean']['input'];
  /** Code of an SDG target or indicator it is linked to. */
  sdgTarget?: InputMaybe<Scalars['String']['input']>;
  /** Full-text search on title and text (web search syntax: quotes, `or`, `-word`). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Workflow status; without credentials only PUBLISHED ones exist for you. */
  status?: InputMaybe<ContributionStatus>;
  /** Only generated example data (true) or only real data (false). */
  synthetic?: InputMaybe<Scalars['Boolean']['input']>;
  /** Slug of a theme it addresses. */
  thematicArea?: InputMaybe<Scalars['String']['input']>;
  /** Only records changed at or after this time (`updatedAt`), for incremental exports: pass the largest `updatedAt` your last export saw (records changed at that very instant come again). A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** How to order recommendations (default: newest first). */
export type RecommendationOrder = {
  /** Direction; by default descending for dates (newest first), ascending for titles. */
  direction?: InputMaybe<SortDirection>;
  /** Sort field. */
  field?: RecommendationOrderField;
};

/** Fields recommendations can be ordered by. */
export type RecommendationOrderField =
  /** Adoption date; undated recommendations count as oldest. */
  | 'ADOPTED_ON'
  /** Title. */
  | 'TITLE';

/** The result of a recommendation mutation. */
export type RecommendationPayload = {
  __typename?: 'RecommendationPayload';
  /** Every problem found; empty on success. Nothing was written when it is not empty. */
  errors: Array<UserError>;
  /** The recommendation as stored after the write; null when `errors` is not empty. */
  recommendation?: Maybe<Recommendation>;
};

/** A UN M49 region, sub-region or intermediate region, as the member States are placed in them. */
export type Region = {
  __typename?: 'Region';
  /** Region, sub-region or intermediate region. */
  level: RegionLevel;
  /** The States (and with `unStatus`, the territories) placed in this region at any depth, by name. */
  memberStates: Array<MemberState>;
  /** Name, e.g. Africa or Sub-Saharan Africa. */
  name: Scalars['String']['output'];
  /** The region this one lies in; null for top-level regions. */
  parentName?: Maybe<Scalars['String']['output']>;
  /** The regions inside this one. */
  subregions: Array<Region>;
};


/** A UN M49 region, sub-region or intermediate region, as the member States are placed in them. */
export type RegionMemberStatesArgs = {
  unStatus?: InputMaybe<Array<UnStatus>>;
};

/** The level of an M49 region in the UN geoscheme. */
export type RegionLevel =
  /** An intermediate region, e.g. Central America. */
  | 'INTERMEDIATE_REGION'
  /** A region, e.g. Africa. */
  | 'REGION'
  /** A sub-region, e.g. Western Asia. */
  | 'SUBREGION';

/** An ISCM's input to a GCM review. Only PUBLISHED contributions are public; drafts are visible to their ISCM's partners and to editors. Removed ones are visible to nobody; the id of a duplicate merged into another names that one. */
export type ReviewContribution = Node & {
  __typename?: 'ReviewContribution';
  /** Challenges the ISCM reports. */
  challenges?: Maybe<Scalars['String']['output']>;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** GCM objectives it addresses, by number. */
  gcmObjectives: Array<GcmObjective>;
  /** Every recorded change to it, oldest first: who, when, and the values before and after, drafts included. Only its ISCM's partners, editors and admins read it; for anyone else the list is empty (see `publishedVersions`). */
  history: Array<AuditEvent>;
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** The ISCM that made it. */
  iscm: Iscm;
  /** The governance level it concerns, when classified. */
  level?: Maybe<GovernanceLevel>;
  /** The kind of outcome it reports, when classified. */
  outcomeType?: Maybe<OutcomeType>;
  /** The policy-cycle phase it concerns, when classified. */
  phase?: Maybe<GovernancePhase>;
  /** Practices the ISCM reports. */
  practices?: Maybe<Scalars['String']['output']>;
  /** When it was published. */
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Its published versions, oldest first: when, by which ISCM, and what changed. */
  publishedVersions: Array<PublishedVersion>;
  /** When an editor removed it (only editors list removed records); null otherwise. */
  removedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The review it was made to. */
  reviewProcess: ReviewProcess;
  /** Where it stands in its workflow. */
  status: ContributionStatus;
  /** When it was submitted. */
  submittedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Summary of the contribution. */
  summary: Scalars['String']['output'];
  /** True for generated example data (`iscm-graph seed --demo`), never a real contribution. */
  synthetic: Scalars['Boolean']['output'];
  /** Title. */
  title: Scalars['String']['output'];
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Incremented on every change to this record. */
  version: Scalars['Int']['output'];
};

/** One page of a list, paged by cursor. */
export type ReviewContributionConnection = {
  __typename?: 'ReviewContributionConnection';
  /** The items of this page, in order. */
  edges: Array<ReviewContributionEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** A node with its cursor. */
export type ReviewContributionEdge = {
  __typename?: 'ReviewContributionEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: ReviewContribution;
};

/** A committed change to a review contribution you may see. */
export type ReviewContributionEvent = {
  __typename?: 'ReviewContributionEvent';
  /** What happened. */
  action: ContributionEventAction;
  /** The contribution as it is when the event is delivered. */
  contribution: ReviewContribution;
  /** The contribution's version after this change. */
  version: Scalars['Int']['output'];
};

/** Which review contributions to list; every given condition must hold. */
export type ReviewContributionFilter = {
  /** GCM objective number (1-23) it addresses. */
  gcmObjective?: InputMaybe<Scalars['Int']['input']>;
  /** Slug of the contributing ISCM. */
  iscm?: InputMaybe<Scalars['String']['input']>;
  /** Governance level. */
  level?: InputMaybe<GovernanceLevel>;
  /** Outcome type. */
  outcomeType?: InputMaybe<OutcomeType>;
  /** Governance phase. */
  phase?: InputMaybe<GovernancePhase>;
  /** Editors: list the removed ones (that `restoreReviewContribution` can bring back) instead; nobody else sees any. */
  removed?: Scalars['Boolean']['input'];
  /** Slug of the review, e.g. `imrf-2026`. */
  reviewProcess?: InputMaybe<Scalars['String']['input']>;
  /** Workflow status; without credentials only PUBLISHED ones exist for you. */
  status?: InputMaybe<ContributionStatus>;
  /** Submitted on or after this day (UTC); drafts never submitted are left out. */
  submittedFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Submitted on or before this day (UTC); drafts never submitted are left out. */
  submittedTo?: InputMaybe<Scalars['Date']['input']>;
  /** Only generated example data (true) or only real data (false). */
  synthetic?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only records changed at or after this time (`updatedAt`), for incremental exports: pass the largest `updatedAt` your last export saw (records changed at that very instant come again). A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** How to order review contributions (default: newest first). */
export type ReviewContributionOrder = {
  /** Direction; by default descending for dates (newest first), ascending for titles. */
  direction?: InputMaybe<SortDirection>;
  /** Sort field. */
  field?: ReviewContributionOrderField;
};

/** Fields review contributions can be ordered by. */
export type ReviewContributionOrderField =
  /** When the contribution was created. */
  | 'CREATED'
  /** Title. */
  | 'TITLE';

/** The result of a contribution mutation. */
export type ReviewContributionPayload = {
  __typename?: 'ReviewContributionPayload';
  /** The contribution as stored after the write; null when `errors` is not empty. */
  contribution?: Maybe<ReviewContribution>;
  /** Every problem found; empty on success. Nothing was written when it is not empty. */
  errors: Array<UserError>;
};

/** A review contribution you could see that left every read: drop it from what you show. */
export type ReviewContributionRemoval = {
  __typename?: 'ReviewContributionRemoval';
  /** How it left. */
  action: ContributionRemovalAction;
  /** The contribution's `id`, as queries gave it before. */
  id: Scalars['ID']['output'];
  /** The contribution it was merged into, as it is when the event is delivered; null when it was removed, or when you may not see that one. */
  mergedInto?: Maybe<ReviewContribution>;
  /** Its version after the removal. */
  version: Scalars['Int']['output'];
};

/** Whether a GCM review is global or regional. */
export type ReviewKind =
  /** An International Migration Review Forum. */
  | 'GLOBAL'
  /** A regional review led by a UN regional economic commission. */
  | 'REGIONAL';

/** A GCM review: an International Migration Review Forum or a regional review. */
export type ReviewProcess = Node & {
  __typename?: 'ReviewProcess';
  /** Last day contributions may be submitted. */
  closesOn: Scalars['Date']['output'];
  /** Contributions made to this review that you may see. */
  contributions: ReviewContributionConnection;
  /** When the record was created. */
  createdAt: Scalars['DateTime']['output'];
  /** What the review is. */
  description: Scalars['String']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Whether contributions may be submitted today (UTC): `opensOn` to `closesOn`. Drafts may be written at any time. */
  isOpen: Scalars['Boolean']['output'];
  /** Global or regional. */
  kind: ReviewKind;
  /** Name. */
  name: Scalars['String']['output'];
  /** First day contributions may be submitted. */
  opensOn: Scalars['Date']['output'];
  /** The UN regional commission leading a regional review, e.g. ESCAP. */
  regionalCommission?: Maybe<Scalars['String']['output']>;
  /** Stable identifier, e.g. `imrf-2026`. */
  slug: Scalars['String']['output'];
  /** Public sources of its record and its window, as editors cited them. */
  sources: Array<Scalars['String']['output']>;
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Official page, when known. */
  url?: Maybe<Scalars['String']['output']>;
  /** Incremented on every change to this record. */
  version: Scalars['Int']['output'];
  /** Whether `opensOn` and `closesOn` are the organisers' dates or an estimate. */
  windowStatus: WindowStatus;
  /** Year the review concludes. */
  year: Scalars['Int']['output'];
};


/** A GCM review: an International Migration Review Forum or a regional review. */
export type ReviewProcessContributionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ReviewContributionFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ReviewContributionOrder>;
};

/** One page of a list, paged by cursor. */
export type ReviewProcessConnection = {
  __typename?: 'ReviewProcessConnection';
  /** The items of this page, in order. */
  edges: Array<ReviewProcessEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** A node with its cursor. */
export type ReviewProcessEdge = {
  __typename?: 'ReviewProcessEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: ReviewProcess;
};

/** Which review processes to list. */
export type ReviewProcessFilter = {
  /** Global or regional. */
  kind?: InputMaybe<ReviewKind>;
  /** UN regional commission, e.g. ESCAP. */
  regionalCommission?: InputMaybe<Scalars['String']['input']>;
  /** Only records changed at or after this time (`updatedAt`), for incremental exports: pass the largest `updatedAt` your last export saw (records changed at that very instant come again). A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
  /** Year the review concludes. */
  year?: InputMaybe<Scalars['Int']['input']>;
};

/** The result of a review process mutation. */
export type ReviewProcessPayload = {
  __typename?: 'ReviewProcessPayload';
  /** Every problem found; empty on success. Nothing was written when it is not empty. */
  errors: Array<UserError>;
  /** The review process as stored after the write; null when `errors` is not empty. */
  reviewProcess?: Maybe<ReviewProcess>;
};

/** Whether an SDG entry is a target or an indicator measuring one. */
export type SdgKind =
  /** An SDG indicator measuring a target, e.g. 10.7.2. */
  | 'INDICATOR'
  /** An SDG target, e.g. 10.7. */
  | 'TARGET';

/** A UN SDG Global Database series that measures an SDG indicator. */
export type SdgSeries = {
  __typename?: 'SdgSeries';
  /** Series code, e.g. `SM_POP_REFG_OR`. */
  code: Scalars['String']['output'];
  /** What the series measures. */
  description?: Maybe<Scalars['String']['output']>;
};

/** An SDG target or indicator relevant to migration. */
export type SdgTarget = Node & {
  __typename?: 'SdgTarget';
  /** The indicators measuring a target, by code. */
  children: Array<SdgTarget>;
  /** Target or indicator code, e.g. `10.7` or `10.7.2`. */
  code: Scalars['String']['output'];
  /** The Sustainable Development Goal, 1 to 17. */
  goal: Scalars['Int']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Target or indicator. */
  kind: SdgKind;
  /** One State's values of the SDG Global Database series measuring this indicator (for a target: its indicators' series), by series and year. When its source is down, see `Observation` for what is returned. */
  observations?: Maybe<Array<Observation>>;
  /** The target an indicator measures; null for targets. */
  parent?: Maybe<SdgTarget>;
  /** Recommendations linked to this target or indicator. */
  recommendations: RecommendationConnection;
  /** UN SDG Global Database series measuring an indicator (empty for targets). */
  series: Array<SdgSeries>;
  /** Where the text was taken from. */
  sources: Array<Scalars['String']['output']>;
  /** Official text of the target or indicator. */
  text: Scalars['String']['output'];
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
};


/** An SDG target or indicator relevant to migration. */
export type SdgTargetObservationsArgs = {
  memberState: Scalars['String']['input'];
};


/** An SDG target or indicator relevant to migration. */
export type SdgTargetRecommendationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RecommendationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<RecommendationOrder>;
};

/** One page of a list, paged by cursor. */
export type SdgTargetConnection = {
  __typename?: 'SdgTargetConnection';
  /** The items of this page, in order. */
  edges: Array<SdgTargetEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** A node with its cursor. */
export type SdgTargetEdge = {
  __typename?: 'SdgTargetEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: SdgTarget;
};

/** Which SDG targets and indicators to list. */
export type SdgTargetFilter = {
  /** Only this goal (1-17). */
  goal?: InputMaybe<Scalars['Int']['input']>;
  /** Only targets or indicators. */
  kind?: InputMaybe<SdgKind>;
  /** Only records changed at or after this time (`updatedAt`), for incremental exports: pass the largest `updatedAt` your last export saw (records changed at that very instant come again). A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** Something the full-text search found, best match first. */
export type SearchResult = Document | Iscm | Recommendation;

/** Sort direction. */
export type SortDirection =
  /** Ascending. */
  | 'ASC'
  /** Descending. */
  | 'DESC';

/** Another State and the ISCMs both States are members of. */
export type StateOverlap = {
  __typename?: 'StateOverlap';
  /** How many ISCMs both are members of. */
  sharedIscmCount: Scalars['Int']['output'];
  /** Those ISCMs, by name. */
  sharedIscms: Array<Iscm>;
  /** The other State. */
  state: MemberState;
};

/** Live updates, over WebSocket (graphql-transport-ws) at /graphql. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Committed changes to review contributions, from every service instance. You receive what you could query: published contributions for everyone, drafts and submissions for the ISCM's partners and for editors. Authenticate with `{"Authorization": "Bearer <token>"}` as the `connection_init` payload. */
  reviewContributionEvents: ReviewContributionEvent;
  /** Review contributions removed by editors, or merged into another, from every service instance: each that you could see before, by its `id`, so that a client can drop it from its lists and cache. `reviewContributionEvents` sends no event for them, as what is removed can no longer be read. Authenticate as there. */
  reviewContributionRemovals: ReviewContributionRemoval;
};


/** Live updates, over WebSocket (graphql-transport-ws) at /graphql. */
export type SubscriptionReviewContributionEventsArgs = {
  iscm?: InputMaybe<Scalars['String']['input']>;
};


/** Live updates, over WebSocket (graphql-transport-ws) at /graphql. */
export type SubscriptionReviewContributionRemovalsArgs = {
  iscm?: InputMaybe<Scalars['String']['input']>;
};

/** A migration theme that ISCMs and recommendations work on. */
export type ThematicArea = Node & {
  __typename?: 'ThematicArea';
  /** What the theme covers. */
  description: Scalars['String']['output'];
  /** The Globally Unique ID of this object */
  id: Scalars['ID']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
  /** Stable identifier, e.g. `labour-migration`. */
  slug: Scalars['String']['output'];
  /** When the record last changed. */
  updatedAt: Scalars['DateTime']['output'];
};

/** One page of a list, paged by cursor. */
export type ThematicAreaConnection = {
  __typename?: 'ThematicAreaConnection';
  /** The items of this page, in order. */
  edges: Array<ThematicAreaEdge>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** How many items the whole list holds, with the filters applied. */
  totalCount: Scalars['Int']['output'];
};

/** A node with its cursor. */
export type ThematicAreaEdge = {
  __typename?: 'ThematicAreaEdge';
  /** Opaque cursor for `after`/`before`; stays valid when rows are added. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: ThematicArea;
};

/** Which thematic areas to list. */
export type ThematicAreaFilter = {
  /** Only records changed at or after this time (`updatedAt`), for incremental exports: pass the largest `updatedAt` your last export saw (records changed at that very instant come again). A time without an offset is UTC. */
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A State's standing at the United Nations. */
export type UnStatus =
  /** One of the 193 UN Member States. */
  | 'MEMBER'
  /** A territory or area that is not a UN Member State. */
  | 'NONE'
  /** A non-member observer State (the Holy See, the State of Palestine). */
  | 'OBSERVER';

/** Changes to a document: only the fields given change; null clears an optional one. */
export type UpdateDocumentInput = {
  /** Day of adoption. */
  adoptedOn?: InputMaybe<Scalars['Date']['input']>;
  /** Kind of document (cannot be cleared). */
  kind?: InputMaybe<DocumentKind>;
  /** Where it was adopted. */
  place?: InputMaybe<Scalars['String']['input']>;
  /** Publication date. */
  publishedOn?: InputMaybe<Scalars['Date']['input']>;
  /** A paraphrased summary. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** Title (cannot be cleared). */
  title?: InputMaybe<Scalars['String']['input']>;
  /** Where it can be read. */
  url?: InputMaybe<Scalars['String']['input']>;
  /** Year. */
  year?: InputMaybe<Scalars['Int']['input']>;
};

/** Changes to an event: only the fields given change; null clears an optional one. */
export type UpdateEventInput = {
  /** City. */
  city?: InputMaybe<Scalars['String']['input']>;
  /** ISO 3166-1 alpha-3 code of the country. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** Last day. */
  endsOn?: InputMaybe<Scalars['Date']['input']>;
  /** Who hosted it. */
  host?: InputMaybe<Scalars['String']['input']>;
  /** Slug of the ISCM that held it. */
  iscm?: InputMaybe<Scalars['String']['input']>;
  /** Kind of meeting (cannot be cleared). */
  kind?: InputMaybe<EventKind>;
  /** What the sources add. */
  notes?: InputMaybe<Scalars['String']['input']>;
  /** Its number in a series. */
  sequence?: InputMaybe<Scalars['Int']['input']>;
  /** First day. */
  startsOn?: InputMaybe<Scalars['Date']['input']>;
  /** Its theme. */
  theme?: InputMaybe<Scalars['String']['input']>;
  /** Title (cannot be cleared). */
  title?: InputMaybe<Scalars['String']['input']>;
  /** Its official page. */
  url?: InputMaybe<Scalars['String']['input']>;
  /** Year (cannot be cleared). */
  year?: InputMaybe<Scalars['Int']['input']>;
};

/** Changes to an ISCM record: only the fields given change; null clears an optional one. */
export type UpdateIscmInput = {
  /** Acronym, up to 40 characters. */
  acronym?: InputMaybe<Scalars['String']['input']>;
  /** Year established (1945 to 2100). */
  established?: InputMaybe<Scalars['Int']['input']>;
  /** CONFIRMED once a source gives the complete member list and `members` matches it. */
  membersConfidence?: InputMaybe<MembersConfidence>;
  /** Full name (cannot be cleared). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** For global processes: who may take part. */
  openTo?: InputMaybe<Scalars['String']['input']>;
  /** Regions it covers. */
  regions?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Who provides the secretariat. */
  secretariat?: InputMaybe<Scalars['String']['input']>;
  /** Whether it still meets. */
  status?: InputMaybe<IscmStatus>;
  /** Summary of its purpose and history. */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** Official website (http(s) URL). */
  website?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to a recommendation: only the fields given change; null clears an optional one. */
export type UpdateRecommendationInput = {
  /** Date of adoption. */
  adoptedOn?: InputMaybe<Scalars['Date']['input']>;
  /** Governance level. */
  level?: InputMaybe<GovernanceLevel>;
  /** Outcome type. */
  outcomeType?: InputMaybe<OutcomeType>;
  /** Policy-cycle phase. */
  phase?: InputMaybe<GovernancePhase>;
  /** Where the text was published (cannot be cleared). */
  sourceUrl?: InputMaybe<Scalars['String']['input']>;
  /** New text (cannot be cleared). */
  text?: InputMaybe<Scalars['String']['input']>;
  /** New title (cannot be cleared). */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to a contribution: only the fields given change; null clears an optional one. */
export type UpdateReviewContributionInput = {
  /** New challenges text. */
  challenges?: InputMaybe<Scalars['String']['input']>;
  /** The complete new list of GCM objective numbers. */
  gcmObjectives?: InputMaybe<Array<Scalars['Int']['input']>>;
  /** Governance level. */
  level?: InputMaybe<GovernanceLevel>;
  /** Outcome type. */
  outcomeType?: InputMaybe<OutcomeType>;
  /** Policy-cycle phase. */
  phase?: InputMaybe<GovernancePhase>;
  /** New practices text. */
  practices?: InputMaybe<Scalars['String']['input']>;
  /** Move it to another review process. */
  reviewProcess?: InputMaybe<Scalars['String']['input']>;
  /** New summary (cannot be cleared). */
  summary?: InputMaybe<Scalars['String']['input']>;
  /** New title (cannot be cleared). */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to a review process: only the fields given change; null clears an optional one. */
export type UpdateReviewProcessInput = {
  /** Last day contributions may be submitted. */
  closesOn?: InputMaybe<Scalars['Date']['input']>;
  /** What the review is (cannot be cleared). */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Global or regional. */
  kind?: InputMaybe<ReviewKind>;
  /** Name (cannot be cleared). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** First day contributions may be submitted. */
  opensOn?: InputMaybe<Scalars['Date']['input']>;
  /** The UN regional commission leading a regional review. */
  regionalCommission?: InputMaybe<Scalars['String']['input']>;
  /** Its official page. */
  url?: InputMaybe<Scalars['String']['input']>;
  /** Whether the window is the organisers' (OFFICIAL) or an estimate. */
  windowStatus?: InputMaybe<WindowStatus>;
  /** Year the review concludes. */
  year?: InputMaybe<Scalars['Int']['input']>;
};

/** One problem with a write's input, typed so a client can act on it. */
export type UserError = {
  __typename?: 'UserError';
  /** What kind of problem. */
  code: UserErrorCode;
  /** Path to the input field concerned, from the mutation's arguments, in camelCase (list items by index), e.g. `["input", "gcmObjectives", "2"]`; null when it concerns the whole call. */
  field?: Maybe<Array<Scalars['String']['output']>>;
  /** What is wrong, in English. */
  message: Scalars['String']['output'];
};

/** Why a write was refused. Expected failures are payload errors, listed all at once; only an anonymous write is a top-level error (`extensions.code = UNAUTHENTICATED`). */
export type UserErrorCode =
  /** `expectedVersion` is stale (reload and retry), or an idempotency key was reused with a different input. */
  | 'CONFLICT'
  /** You are authenticated but may not do this here: another ISCM's data, or an editor's action. */
  | 'FORBIDDEN'
  /** A value of the wrong form: not an http(s) URL, NUL characters, unpaired surrogates. */
  | 'INVALID'
  /** The status change is not allowed (DRAFT → SUBMITTED → PUBLISHED; WITHDRAWN is final). */
  | 'INVALID_TRANSITION'
  /** The object the mutation addresses does not exist, or you may not see it. */
  | 'NOT_FOUND'
  /** The review process is not open today (`opensOn` to `closesOn`); editors may still write. */
  | 'OUTSIDE_REVIEW_WINDOW'
  /** A number or date outside its range (GCM objectives are 1 to 23). */
  | 'OUT_OF_RANGE'
  /** A required field is missing or blank (after trimming). */
  | 'REQUIRED'
  /** Text longer than the field allows (titles: 500 characters). */
  | 'TOO_LONG'
  /** A bulk call with more items than the server accepts. */
  | 'TOO_MANY_ITEMS'
  /** The input names something that does not exist: an ISCM, review process, State or vocabulary code. */
  | 'UNKNOWN_REFERENCE';

/** Whether a review process's submission window is the organisers' or an estimate. */
export type WindowStatus =
  /** The catalogue's estimate of when submissions are accepted, not an official deadline. */
  | 'INDICATIVE'
  /** The dates the organisers announced (see `url` and `sources`). */
  | 'OFFICIAL';

export type ReviewContributionEventsSubscriptionVariables = Exact<{
  iscm?: InputMaybe<Scalars['String']['input']>;
}>;


export type ReviewContributionEventsSubscription = { __typename?: 'Subscription', reviewContributionEvents: { __typename?: 'ReviewContributionEvent', action: ContributionEventAction, version: number, contribution: { __typename?: 'ReviewContribution', id: string, title: string, status: ContributionStatus, updatedAt: string, iscm: { __typename?: 'Iscm', slug: string, acronym?: string | null } } } };

export type CatalogueWithMembersQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<IscmFilter>;
}>;


export type CatalogueWithMembersQuery = { __typename?: 'Query', iscms: { __typename?: 'IscmConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'IscmEdge', node: { __typename?: 'Iscm', slug: string, acronym?: string | null, name: string, kind: IscmKind, membersConfidence: MembersConfidence, memberCount: number, members: Array<{ __typename?: 'MemberState', iso3: string, name: string }> } }> } };

export type GcmCoverageMatrixQueryVariables = Exact<{
  filter?: InputMaybe<GcmCoverageFilter>;
  includeSynthetic?: Scalars['Boolean']['input'];
}>;


export type GcmCoverageMatrixQuery = { __typename?: 'Query', gcmCoverage: { __typename?: 'GcmCoverage', basis: { __typename?: 'AnalysisBasis', iscmCount: number, iscmsWithRecords: number, recommendationCount: number, contributionCount: number, editorialCount: number, asPublishedCount: number, syntheticCount: number }, objectives: Array<{ __typename?: 'GcmObjective', number: number, shortName: string }>, rows: Array<{ __typename?: 'GcmCoverageRow', recommendationCount: number, contributionCount: number, iscm: { __typename?: 'Iscm', slug: string, acronym?: string | null, name: string }, cells: Array<{ __typename?: 'GcmCoverageCell', objectiveNumber: number, recommendationCount: number, contributionCount: number }> }>, totals: Array<{ __typename?: 'GcmCoverageCell', objectiveNumber: number, recommendationCount: number, contributionCount: number }> } };

export type StateIscmsAndRecommendationsQueryVariables = Exact<{
  iso3: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type StateIscmsAndRecommendationsQuery = { __typename?: 'Query', memberState?: { __typename?: 'MemberState', iso3: string, name: string, region?: string | null, subregion?: string | null, memberships: Array<{ __typename?: 'Membership', role: MembershipRole, iscm: { __typename?: 'Iscm', slug: string, acronym?: string | null, name: string, kind: IscmKind } }>, recommendations: { __typename?: 'RecommendationConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'RecommendationEdge', node: { __typename?: 'Recommendation', title: string, adoptedOn?: string | null, synthetic: boolean, iscm?: { __typename?: 'Iscm', slug: string, acronym?: string | null } | null, gcmObjectives: Array<{ __typename?: 'GcmObjective', number: number, shortName: string }> } }> } } | null };


export const ReviewContributionEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ReviewContributionEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"iscm"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviewContributionEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"iscm"},"value":{"kind":"Variable","name":{"kind":"Name","value":"iscm"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"contribution"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"iscm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"acronym"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReviewContributionEventsSubscription, ReviewContributionEventsSubscriptionVariables>;
export const CatalogueWithMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CatalogueWithMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"IscmFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"iscms"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"NAME"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"acronym"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"membersConfidence"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"iso3"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CatalogueWithMembersQuery, CatalogueWithMembersQueryVariables>;
export const GcmCoverageMatrixDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GcmCoverageMatrix"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"GcmCoverageFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeSynthetic"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gcmCoverage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"includeSynthetic"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeSynthetic"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"basis"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"iscmCount"}},{"kind":"Field","name":{"kind":"Name","value":"iscmsWithRecords"}},{"kind":"Field","name":{"kind":"Name","value":"recommendationCount"}},{"kind":"Field","name":{"kind":"Name","value":"contributionCount"}},{"kind":"Field","name":{"kind":"Name","value":"editorialCount"}},{"kind":"Field","name":{"kind":"Name","value":"asPublishedCount"}},{"kind":"Field","name":{"kind":"Name","value":"syntheticCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"objectives"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"shortName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"iscm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"acronym"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendationCount"}},{"kind":"Field","name":{"kind":"Name","value":"contributionCount"}},{"kind":"Field","name":{"kind":"Name","value":"cells"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"objectiveNumber"}},{"kind":"Field","name":{"kind":"Name","value":"recommendationCount"}},{"kind":"Field","name":{"kind":"Name","value":"contributionCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"objectiveNumber"}},{"kind":"Field","name":{"kind":"Name","value":"recommendationCount"}},{"kind":"Field","name":{"kind":"Name","value":"contributionCount"}}]}}]}}]}}]} as unknown as DocumentNode<GcmCoverageMatrixQuery, GcmCoverageMatrixQueryVariables>;
export const StateIscmsAndRecommendationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StateIscmsAndRecommendations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"iso3"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"memberState"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"iso3"},"value":{"kind":"Variable","name":{"kind":"Name","value":"iso3"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"iso3"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"subregion"}},{"kind":"Field","name":{"kind":"Name","value":"memberships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"iscm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"acronym"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"adoptedOn"}},{"kind":"Field","name":{"kind":"Name","value":"synthetic"}},{"kind":"Field","name":{"kind":"Name","value":"iscm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"acronym"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gcmObjectives"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"shortName"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<StateIscmsAndRecommendationsQuery, StateIscmsAndRecommendationsQueryVariables>;