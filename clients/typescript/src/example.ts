// How a frontend uses the generated documents: variables and results are typed from the schema.
// With Apollo Client or urql, pass the same documents to useQuery / useSubscription.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { StateIscmsAndRecommendationsDocument } from './graphql/graphql';

/** POST one operation to iscm-graph (or a gateway in front of it) and return its data. */
export async function execute<Result, Variables>(
  url: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Result | null; errors?: { message: string }[] };
  if (body.errors?.length || body.data == null) {
    throw new Error(body.errors?.map((error) => error.message).join('; ') ?? 'no data');
  }
  return body.data;
}

/** The names of the ISCMs a State takes part in, e.g. `iscmsOf(url, 'PHL')`. */
export async function iscmsOf(url: string, iso3: string): Promise<string[]> {
  const data = await execute(url, StateIscmsAndRecommendationsDocument, { iso3 });
  return data.memberState?.memberships.map((membership) => membership.iscm.name) ?? [];
}
