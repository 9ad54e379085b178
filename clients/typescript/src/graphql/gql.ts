/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "subscription ReviewContributionEvents($iscm: String) {\n  reviewContributionEvents(iscm: $iscm) {\n    action\n    version\n    contribution {\n      id\n      title\n      status\n      updatedAt\n      iscm {\n        slug\n        acronym\n      }\n    }\n  }\n}": typeof types.ReviewContributionEventsDocument,
    "query CatalogueWithMembers($first: Int = 50, $after: String, $filter: IscmFilter) {\n  iscms(first: $first, after: $after, filter: $filter, orderBy: {field: NAME}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        slug\n        acronym\n        name\n        kind\n        membersConfidence\n        memberCount\n        members {\n          iso3\n          name\n        }\n      }\n    }\n  }\n}": typeof types.CatalogueWithMembersDocument,
    "query GcmCoverageMatrix($filter: GcmCoverageFilter, $includeSynthetic: Boolean! = false) {\n  gcmCoverage(filter: $filter, includeSynthetic: $includeSynthetic) {\n    basis {\n      iscmCount\n      iscmsWithRecords\n      recommendationCount\n      contributionCount\n      editorialCount\n      asPublishedCount\n      syntheticCount\n    }\n    objectives {\n      number\n      shortName\n    }\n    rows {\n      iscm {\n        slug\n        acronym\n        name\n      }\n      recommendationCount\n      contributionCount\n      cells {\n        objectiveNumber\n        recommendationCount\n        contributionCount\n      }\n    }\n    totals {\n      objectiveNumber\n      recommendationCount\n      contributionCount\n    }\n  }\n}": typeof types.GcmCoverageMatrixDocument,
    "query StateIscmsAndRecommendations($iso3: String!, $first: Int = 10, $after: String) {\n  memberState(iso3: $iso3) {\n    iso3\n    name\n    region\n    subregion\n    memberships {\n      role\n      iscm {\n        slug\n        acronym\n        name\n        kind\n      }\n    }\n    recommendations(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          title\n          adoptedOn\n          synthetic\n          iscm {\n            slug\n            acronym\n          }\n          gcmObjectives {\n            number\n            shortName\n          }\n        }\n      }\n    }\n  }\n}": typeof types.StateIscmsAndRecommendationsDocument,
};
const documents: Documents = {
    "subscription ReviewContributionEvents($iscm: String) {\n  reviewContributionEvents(iscm: $iscm) {\n    action\n    version\n    contribution {\n      id\n      title\n      status\n      updatedAt\n      iscm {\n        slug\n        acronym\n      }\n    }\n  }\n}": types.ReviewContributionEventsDocument,
    "query CatalogueWithMembers($first: Int = 50, $after: String, $filter: IscmFilter) {\n  iscms(first: $first, after: $after, filter: $filter, orderBy: {field: NAME}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        slug\n        acronym\n        name\n        kind\n        membersConfidence\n        memberCount\n        members {\n          iso3\n          name\n        }\n      }\n    }\n  }\n}": types.CatalogueWithMembersDocument,
    "query GcmCoverageMatrix($filter: GcmCoverageFilter, $includeSynthetic: Boolean! = false) {\n  gcmCoverage(filter: $filter, includeSynthetic: $includeSynthetic) {\n    basis {\n      iscmCount\n      iscmsWithRecords\n      recommendationCount\n      contributionCount\n      editorialCount\n      asPublishedCount\n      syntheticCount\n    }\n    objectives {\n      number\n      shortName\n    }\n    rows {\n      iscm {\n        slug\n        acronym\n        name\n      }\n      recommendationCount\n      contributionCount\n      cells {\n        objectiveNumber\n        recommendationCount\n        contributionCount\n      }\n    }\n    totals {\n      objectiveNumber\n      recommendationCount\n      contributionCount\n    }\n  }\n}": types.GcmCoverageMatrixDocument,
    "query StateIscmsAndRecommendations($iso3: String!, $first: Int = 10, $after: String) {\n  memberState(iso3: $iso3) {\n    iso3\n    name\n    region\n    subregion\n    memberships {\n      role\n      iscm {\n        slug\n        acronym\n        name\n        kind\n      }\n    }\n    recommendations(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          title\n          adoptedOn\n          synthetic\n          iscm {\n            slug\n            acronym\n          }\n          gcmObjectives {\n            number\n            shortName\n          }\n        }\n      }\n    }\n  }\n}": types.StateIscmsAndRecommendationsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ReviewContributionEvents($iscm: String) {\n  reviewContributionEvents(iscm: $iscm) {\n    action\n    version\n    contribution {\n      id\n      title\n      status\n      updatedAt\n      iscm {\n        slug\n        acronym\n      }\n    }\n  }\n}"): (typeof documents)["subscription ReviewContributionEvents($iscm: String) {\n  reviewContributionEvents(iscm: $iscm) {\n    action\n    version\n    contribution {\n      id\n      title\n      status\n      updatedAt\n      iscm {\n        slug\n        acronym\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CatalogueWithMembers($first: Int = 50, $after: String, $filter: IscmFilter) {\n  iscms(first: $first, after: $after, filter: $filter, orderBy: {field: NAME}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        slug\n        acronym\n        name\n        kind\n        membersConfidence\n        memberCount\n        members {\n          iso3\n          name\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query CatalogueWithMembers($first: Int = 50, $after: String, $filter: IscmFilter) {\n  iscms(first: $first, after: $after, filter: $filter, orderBy: {field: NAME}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        slug\n        acronym\n        name\n        kind\n        membersConfidence\n        memberCount\n        members {\n          iso3\n          name\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GcmCoverageMatrix($filter: GcmCoverageFilter, $includeSynthetic: Boolean! = false) {\n  gcmCoverage(filter: $filter, includeSynthetic: $includeSynthetic) {\n    basis {\n      iscmCount\n      iscmsWithRecords\n      recommendationCount\n      contributionCount\n      editorialCount\n      asPublishedCount\n      syntheticCount\n    }\n    objectives {\n      number\n      shortName\n    }\n    rows {\n      iscm {\n        slug\n        acronym\n        name\n      }\n      recommendationCount\n      contributionCount\n      cells {\n        objectiveNumber\n        recommendationCount\n        contributionCount\n      }\n    }\n    totals {\n      objectiveNumber\n      recommendationCount\n      contributionCount\n    }\n  }\n}"): (typeof documents)["query GcmCoverageMatrix($filter: GcmCoverageFilter, $includeSynthetic: Boolean! = false) {\n  gcmCoverage(filter: $filter, includeSynthetic: $includeSynthetic) {\n    basis {\n      iscmCount\n      iscmsWithRecords\n      recommendationCount\n      contributionCount\n      editorialCount\n      asPublishedCount\n      syntheticCount\n    }\n    objectives {\n      number\n      shortName\n    }\n    rows {\n      iscm {\n        slug\n        acronym\n        name\n      }\n      recommendationCount\n      contributionCount\n      cells {\n        objectiveNumber\n        recommendationCount\n        contributionCount\n      }\n    }\n    totals {\n      objectiveNumber\n      recommendationCount\n      contributionCount\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StateIscmsAndRecommendations($iso3: String!, $first: Int = 10, $after: String) {\n  memberState(iso3: $iso3) {\n    iso3\n    name\n    region\n    subregion\n    memberships {\n      role\n      iscm {\n        slug\n        acronym\n        name\n        kind\n      }\n    }\n    recommendations(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          title\n          adoptedOn\n          synthetic\n          iscm {\n            slug\n            acronym\n          }\n          gcmObjectives {\n            number\n            shortName\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query StateIscmsAndRecommendations($iso3: String!, $first: Int = 10, $after: String) {\n  memberState(iso3: $iso3) {\n    iso3\n    name\n    region\n    subregion\n    memberships {\n      role\n      iscm {\n        slug\n        acronym\n        name\n        kind\n      }\n    }\n    recommendations(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          title\n          adoptedOn\n          synthetic\n          iscm {\n            slug\n            acronym\n          }\n          gcmObjectives {\n            number\n            shortName\n          }\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;