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
