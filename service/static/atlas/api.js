// The atlas's one way to its data: the public GraphQL API at /graphql, each operation sent by
// the hash of its persisted document (the service allow-lists the documents in queries/ when it
// starts). Requests are GETs, so anonymous answers are cacheable; each answer is kept for the
// page's lifetime, so going back to a view asks nothing again.

const manifest = JSON.parse(document.getElementById("atlas-documents").textContent);
const answers = new Map();

export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code || "UNKNOWN";
  }
}

async function send(operationName, variables) {
  const persisted = manifest[operationName];
  if (!persisted) throw new ApiError(`The atlas has no query named ${operationName}.`, "ATLAS");
  const params = new URLSearchParams({
    operationName,
    variables: JSON.stringify(variables),
    extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: persisted.sha256 } }),
  });
  let response;
  try {
    response = await fetch(`/graphql?${params}`, {
      headers: { accept: "application/graphql-response+json, application/json;q=0.9" },
    });
  } catch {
    throw new ApiError("The service could not be reached.", "NETWORK");
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The service answered ${response.status} without a GraphQL body.`, "HTTP");
  }
  if (!body.data) {
    const first = (body.errors || [])[0] || {};
    throw new ApiError(first.message || `HTTP ${response.status}`, first.extensions?.code);
  }
  return { data: body.data, errors: body.errors || [] };
}

// Run a persisted operation; resolves to {data, errors} (field errors leave the rest of data).
export function query(operationName, variables = {}) {
  const key = `${operationName} ${JSON.stringify(variables)}`;
  if (!answers.has(key)) {
    const answer = send(operationName, variables);
    answer.catch(() => answers.delete(key)); // a failed request is asked again next time
    answers.set(key, answer);
  }
  return answers.get(key);
}

// Walk a Relay connection to its end: `connectionOf(data)` picks the connection out of an
// answer; returns every node, in order.
export async function allNodes(operationName, variables, connectionOf) {
  const nodes = [];
  let after = null;
  for (;;) {
    const { data } = await query(operationName, { ...variables, after });
    const connection = connectionOf(data);
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) return nodes;
    after = connection.pageInfo.endCursor;
  }
}

// The field errors of an answer located at or under `path` (e.g. ["memberState", "migrantStock"]).
export function errorsUnder(errors, path) {
  return errors.filter(
    (error) => Array.isArray(error.path) && path.every((part, i) => error.path[i] === part),
  );
}

// The text of an operation's document, for the "How this view asks" panels.
export async function documentText(operationName) {
  const response = await fetch(manifest[operationName].path);
  if (!response.ok) throw new ApiError(`The document of ${operationName} could not be read.`, "HTTP");
  return response.text();
}

// The governance levels, phases and outcome types in their order, and every term by code.
export async function vocabularies() {
  const { data } = await query("AtlasVocabularies");
  const terms = new Map();
  for (const list of [data.governanceLevels, data.governancePhases, data.outcomeTypes]) {
    for (const term of list) terms.set(term.code, term);
  }
  return { levels: data.governanceLevels, phases: data.governancePhases, types: data.outcomeTypes, terms };
}
