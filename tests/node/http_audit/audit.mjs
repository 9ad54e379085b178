// Run the graphql-http server audit against a running server and report every result.
// Usage: node audit.mjs http://127.0.0.1:8000/graphql
// Prints one line per audit and a summary; exits 1 on any failure or warning, 2 on misuse.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql url>');
  process.exit(2);
}

const results = await auditServer({ url });
const counts = { ok: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] += 1;
  const line = `${result.status.toUpperCase()} ${result.id} ${result.name}`;
  if (result.status === 'ok') {
    console.log(line);
  } else {
    const response = result.response;
    const body = response ? await response.text().catch(() => '') : '';
    const status = response ? response.status : '-';
    console.log(`${line} :: ${result.reason} (status ${status}, body ${body.slice(0, 200)})`);
  }
}
console.log(`SUMMARY ok=${counts.ok} warn=${counts.warn} error=${counts.error} total=${results.length}`);
process.exit(counts.warn === 0 && counts.error === 0 ? 0 : 1);
