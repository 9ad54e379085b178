// Compose the supergraph the gateway serves from the subgraphs' checked-in SDL.
//
//   node compose-supergraph.mjs [--output FILE] NAME URL SDL_FILE [NAME URL SDL_FILE ...]
//   node compose-supergraph.mjs --output supergraph.graphql \
//     iscm http://iscm:8000/graphql ../../schema.federation.graphql
//
// NAME names the subgraph, URL is where the gateway sends its requests, SDL_FILE holds its
// subgraph SDL (for iscm-graph: `iscm-graph schema --federation`). Composition follows Apollo
// Federation v2 (@theguild/federation-composition, the composer of Hive's tools); the
// supergraph goes to FILE, or to stdout. When the subgraphs do not compose, every error is
// printed on stderr and the exit status is 1, so a build or CI step stops there.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';

const USAGE = 'usage: node compose-supergraph.mjs [--output FILE] NAME URL SDL_FILE [NAME URL SDL_FILE ...]';

function subgraphsOf(positionals) {
  if (positionals.length === 0 || positionals.length % 3 !== 0) {
    throw new Error(USAGE);
  }
  const subgraphs = [];
  for (let at = 0; at < positionals.length; at += 3) {
    const [name, url, file] = positionals.slice(at, at + 3);
    if (!/^https?:\/\//.test(url)) throw new Error(`subgraph ${name}: ${url} is not an http(s) URL`);
    subgraphs.push({ name, url, typeDefs: parse(readFileSync(file, 'utf8')) });
  }
  return subgraphs;
}

try {
  const { values, positionals } = parseArgs({
    options: { output: { type: 'string' } },
    allowPositionals: true,
  });
  const result = composeServices(subgraphsOf(positionals));
  if (compositionHasErrors(result)) {
    for (const error of result.errors) console.error(`composition error: ${error.message}`);
    process.exit(1);
  }
  if (values.output) {
    writeFileSync(values.output, `${result.supergraphSdl}\n`);
  } else {
    process.stdout.write(`${result.supergraphSdl}\n`);
  }
} catch (error) {
  console.error(error.message);
  process.exit(error.message === USAGE ? 2 : 1);
}
