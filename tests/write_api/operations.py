"""GraphQL documents of the write API tests."""

ERRORS = "errors { code field message }"
CONTRIBUTION = "contribution { id title summary practices status version level gcmObjectives { number } iscm { slug } reviewProcess { slug } }"

CREATE = f"""
mutation Create($input: CreateReviewContributionInput!, $key: String) {{
  createReviewContribution(input: $input, idempotencyKey: $key) {{ {CONTRIBUTION} {ERRORS} }}
}}
"""
UPDATE = f"""
mutation Update($id: ID!, $version: Int!, $input: UpdateReviewContributionInput!) {{
  updateReviewContribution(id: $id, expectedVersion: $version, input: $input) {{ {CONTRIBUTION} {ERRORS} }}
}}
"""
SUBMIT = f"""
mutation Submit($id: ID!, $version: Int!) {{
  submitReviewContribution(id: $id, expectedVersion: $version) {{ {CONTRIBUTION} {ERRORS} }}
}}
"""
WITHDRAW = f"""
mutation Withdraw($id: ID!, $reason: String!) {{
  withdrawReviewContribution(id: $id, reason: $reason) {{ {CONTRIBUTION} {ERRORS} }}
}}
"""
PUBLISH = f"""
mutation Publish($id: ID!) {{
  publishReviewContribution(id: $id) {{ {CONTRIBUTION} {ERRORS} }}
}}
"""
IMPORT = f"""
mutation Import(
  $inputs: [ImportReviewContributionInput!]!, $atomic: Boolean, $check: Boolean, $key: String
) {{
  importReviewContributions(inputs: $inputs, atomic: $atomic, check: $check, idempotencyKey: $key) {{
    importedCount checked
    results {{ index outcome note contribution {{ id title status version level }} {ERRORS} }}
    {ERRORS}
  }}
}}
"""
REMOVE = f"""
mutation Remove($id: ID!, $reason: String!) {{
  removeReviewContribution(id: $id, reason: $reason) {{ {CONTRIBUTION} {ERRORS} }}
}}
"""
RESTORE = f"""
mutation Restore($id: ID!, $reason: String!) {{
  restoreReviewContribution(id: $id, reason: $reason) {{ {CONTRIBUTION} {ERRORS} }}
}}
"""
MERGE = f"""
mutation Merge($id: ID!, $into: ID!, $reason: String!) {{
  mergeReviewContribution(id: $id, into: $into, reason: $reason) {{ {CONTRIBUTION} {ERRORS} }}
}}
"""
RECOMMENDATION = "recommendation { id title text adoptedOn sourceUrl status version gcmObjectives { number } iscm { slug } }"
CREATE_RECOMMENDATION = f"""
mutation CreateRecommendation($input: CreateRecommendationInput!, $key: String) {{
  createRecommendation(input: $input, idempotencyKey: $key) {{ {RECOMMENDATION} {ERRORS} }}
}}
"""
UPDATE_RECOMMENDATION = f"""
mutation UpdateRecommendation($id: ID!, $version: Int!, $input: UpdateRecommendationInput!) {{
  updateRecommendation(id: $id, expectedVersion: $version, input: $input) {{ {RECOMMENDATION} {ERRORS} }}
}}
"""
SUBMIT_RECOMMENDATION = f"""
mutation SubmitRecommendation($id: ID!, $version: Int!) {{
  submitRecommendation(id: $id, expectedVersion: $version) {{ {RECOMMENDATION} {ERRORS} }}
}}
"""
PUBLISH_RECOMMENDATION = f"""
mutation PublishRecommendation($id: ID!) {{
  publishRecommendation(id: $id) {{ {RECOMMENDATION} {ERRORS} }}
}}
"""
WITHDRAW_RECOMMENDATION = f"""
mutation WithdrawRecommendation($id: ID!, $reason: String!) {{
  withdrawRecommendation(id: $id, reason: $reason) {{ {RECOMMENDATION} {ERRORS} }}
}}
"""
REMOVE_RECOMMENDATION = f"""
mutation RemoveRecommendation($id: ID!, $reason: String!) {{
  removeRecommendation(id: $id, reason: $reason) {{ {RECOMMENDATION} {ERRORS} }}
}}
"""
RESTORE_RECOMMENDATION = f"""
mutation RestoreRecommendation($id: ID!, $reason: String!) {{
  restoreRecommendation(id: $id, reason: $reason) {{ {RECOMMENDATION} {ERRORS} }}
}}
"""
MERGE_RECOMMENDATION = f"""
mutation MergeRecommendation($id: ID!, $into: ID!, $reason: String!) {{
  mergeRecommendation(id: $id, into: $into, reason: $reason) {{ {RECOMMENDATION} {ERRORS} }}
}}
"""
LINK_OBJECTIVES = f"""
mutation Link($id: ID!, $objectives: [Int!]!, $replace: Boolean) {{
  linkRecommendationToObjectives(id: $id, objectives: $objectives, replace: $replace) {{ {RECOMMENDATION} {ERRORS} }}
}}
"""
ISCM = "iscm { slug name acronym version membersConfidence sources members { iso3 } observers { iso3 } }"
UPDATE_ISCM = f"""
mutation UpdateIscm($slug: String!, $version: Int!, $input: UpdateIscmInput!, $source: String!) {{
  updateIscm(slug: $slug, expectedVersion: $version, input: $input, source: $source) {{ {ISCM} {ERRORS} }}
}}
"""
SET_MEMBERSHIP = f"""
mutation SetMembership($slug: String!, $iso3: String!, $role: MembershipRole, $source: String!, $since: Int) {{
  setIscmMembership(slug: $slug, iso3: $iso3, role: $role, source: $source, since: $since) {{
    {ISCM} membership {{ role since source state {{ iso3 }} }} {ERRORS}
  }}
}}
"""
CONTRIBUTION_HISTORY = """
query History($id: ID!) {
  node(id: $id) { ... on ReviewContribution { id status history { actor actorName action before after note } } }
}
"""
PROCESS = "reviewProcess { slug name kind regionalCommission year opensOn closesOn windowStatus url sources version isOpen }"
CREATE_PROCESS = f"""
mutation CreateProcess($input: CreateReviewProcessInput!, $source: String!) {{
  createReviewProcess(input: $input, source: $source) {{ {PROCESS} {ERRORS} }}
}}
"""
UPDATE_PROCESS = f"""
mutation UpdateProcess($slug: String!, $version: Int!, $input: UpdateReviewProcessInput!, $source: String!) {{
  updateReviewProcess(slug: $slug, expectedVersion: $version, input: $input, source: $source) {{ {PROCESS} {ERRORS} }}
}}
"""
EVENT = "event { id slug title kind year startsOn endsOn city country { iso3 } url sources version removedAt iscm { slug } }"
CREATE_EVENT = f"""
mutation CreateEvent($input: CreateEventInput!, $source: String!, $key: String) {{
  createEvent(input: $input, source: $source, idempotencyKey: $key) {{ {EVENT} {ERRORS} }}
}}
"""
UPDATE_EVENT = f"""
mutation UpdateEvent($id: ID!, $version: Int!, $input: UpdateEventInput!, $source: String!) {{
  updateEvent(id: $id, expectedVersion: $version, input: $input, source: $source) {{ {EVENT} {ERRORS} }}
}}
"""
LINK_EVENT_ISCMS = f"""
mutation LinkEventIscms($id: ID!, $iscms: [String!]!, $source: String!, $replace: Boolean) {{
  linkEventToIscms(id: $id, iscms: $iscms, source: $source, replace: $replace) {{ {EVENT} {ERRORS} }}
}}
"""
LINK_EVENT_DOCUMENTS = f"""
mutation LinkEventDocuments($id: ID!, $documents: [ID!]!, $source: String!, $replace: Boolean) {{
  linkEventToDocuments(id: $id, documents: $documents, source: $source, replace: $replace) {{ {EVENT} {ERRORS} }}
}}
"""
REMOVE_EVENT = f"""
mutation RemoveEvent($id: ID!, $reason: String!, $source: String!) {{
  removeEvent(id: $id, reason: $reason, source: $source) {{ {EVENT} {ERRORS} }}
}}
"""
RESTORE_EVENT = f"""
mutation RestoreEvent($id: ID!, $reason: String!, $source: String!) {{
  restoreEvent(id: $id, reason: $reason, source: $source) {{ {EVENT} {ERRORS} }}
}}
"""
DOCUMENT = "document { id title kind publishedOn url summary version removedAt iscms { slug } events { slug } }"
CREATE_DOCUMENT = f"""
mutation CreateDocument($input: CreateDocumentInput!, $source: String!, $key: String) {{
  createDocument(input: $input, source: $source, idempotencyKey: $key) {{ {DOCUMENT} {ERRORS} }}
}}
"""
UPDATE_DOCUMENT = f"""
mutation UpdateDocument($id: ID!, $version: Int!, $input: UpdateDocumentInput!, $source: String!) {{
  updateDocument(id: $id, expectedVersion: $version, input: $input, source: $source) {{ {DOCUMENT} {ERRORS} }}
}}
"""
LINK_DOCUMENT_ISCMS = f"""
mutation LinkDocumentIscms($id: ID!, $iscms: [String!]!, $source: String!, $replace: Boolean) {{
  linkDocumentToIscms(id: $id, iscms: $iscms, source: $source, replace: $replace) {{ {DOCUMENT} {ERRORS} }}
}}
"""
LINK_DOCUMENT_EVENTS = f"""
mutation LinkDocumentEvents($id: ID!, $events: [ID!]!, $source: String!, $replace: Boolean) {{
  linkDocumentToEvents(id: $id, events: $events, source: $source, replace: $replace) {{ {DOCUMENT} {ERRORS} }}
}}
"""
REMOVE_DOCUMENT = f"""
mutation RemoveDocument($id: ID!, $reason: String!, $source: String!) {{
  removeDocument(id: $id, reason: $reason, source: $source) {{ {DOCUMENT} {ERRORS} }}
}}
"""
RESTORE_DOCUMENT = f"""
mutation RestoreDocument($id: ID!, $reason: String!, $source: String!) {{
  restoreDocument(id: $id, reason: $reason, source: $source) {{ {DOCUMENT} {ERRORS} }}
}}
"""
SET_OBSERVER = f"""
mutation SetObserver($slug: String!, $organization: String!, $source: String!, $acronym: String, $observer: Boolean) {{
  setIscmObserverOrganization(slug: $slug, organization: $organization, source: $source, acronym: $acronym, observer: $observer) {{
    iscm {{ slug version organizationMemberships {{ source organization {{ name acronym }} }} }}
    organizationMembership {{ source organization {{ name acronym }} }}
    {ERRORS}
  }}
}}
"""
