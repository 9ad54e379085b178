-- PostGraphile v4's side of the benchmark: the SQL functions its forms of the questions use,
-- as its documentation suggests for what its generated schema cannot express ("custom queries"
-- return rows at the root, "computed columns" add a field to a table's type). They supply only
-- what PostGraphile cannot derive from the tables and foreign keys: full-text search, relations
-- through more than one path (a recommendation or meeting shared with an ISCM), filters on a link
-- table, and counts grouped across joins. PostGraphile still builds every answer itself.
--
-- They exist only in the benchmark's own database (python -m bench creates them there each run,
-- bench/generate.py), never through the product's migrations. Each statement ends with ";" at
-- the end of a line, which is where the benchmark splits the script; no body contains one.

-- Full-text search, per table: the matches best first, and the rank as a computed column.
CREATE OR REPLACE FUNCTION search_iscms(query text) RETURNS SETOF iscms AS $$
  SELECT t.* FROM iscms AS t
  WHERE t.search_vector @@ websearch_to_tsquery('english', query)
  ORDER BY ts_rank(t.search_vector, websearch_to_tsquery('english', query)) DESC, t.id
$$ LANGUAGE sql STABLE;
CREATE OR REPLACE FUNCTION iscms_search_rank(t iscms, query text) RETURNS real AS $$
  SELECT ts_rank(t.search_vector, websearch_to_tsquery('english', query))
$$ LANGUAGE sql STABLE;
CREATE OR REPLACE FUNCTION search_recommendations(query text) RETURNS SETOF recommendations AS $$
  SELECT t.* FROM recommendations AS t
  WHERE t.search_vector @@ websearch_to_tsquery('english', query)
  ORDER BY ts_rank(t.search_vector, websearch_to_tsquery('english', query)) DESC, t.id
$$ LANGUAGE sql STABLE;
CREATE OR REPLACE FUNCTION recommendations_search_rank(t recommendations, query text)
RETURNS real AS $$
  SELECT ts_rank(t.search_vector, websearch_to_tsquery('english', query))
$$ LANGUAGE sql STABLE;
CREATE OR REPLACE FUNCTION search_documents(query text) RETURNS SETOF documents AS $$
  SELECT t.* FROM documents AS t
  WHERE t.search_vector @@ websearch_to_tsquery('english', query)
  ORDER BY ts_rank(t.search_vector, websearch_to_tsquery('english', query)) DESC, t.id
$$ LANGUAGE sql STABLE;
CREATE OR REPLACE FUNCTION documents_search_rank(t documents, query text) RETURNS real AS $$
  SELECT ts_rank(t.search_vector, websearch_to_tsquery('english', query))
$$ LANGUAGE sql STABLE;

-- The atlas's calendar orders meetings by the day they start, 1 January for a meeting known
-- only by its year: a sortable computed column.
CREATE OR REPLACE FUNCTION events_start_day(e events) RETURNS date AS $$
  SELECT coalesce(e.starts_on, make_date(e.year, 1, 1))
$$ LANGUAGE sql STABLE;
COMMENT ON FUNCTION events_start_day(events) IS E'@sortable';

-- An ISCM's recommendations and meetings: its own and those shared with it (a link table),
-- each once. PostGraphile pages and counts them; smart tags give them `condition` and
-- `orderBy` too.
CREATE OR REPLACE FUNCTION iscms_recommendations_with_shared(i iscms)
RETURNS SETOF recommendations AS $$
  SELECT r.* FROM recommendations AS r WHERE r.iscm_id = i.id
  UNION ALL
  SELECT r.*
  FROM recommendation_shared_iscms AS s
  JOIN recommendations AS r ON r.id = s.recommendation_id
  WHERE s.iscm_id = i.id AND r.iscm_id IS DISTINCT FROM i.id
$$ LANGUAGE sql STABLE;
CREATE OR REPLACE FUNCTION iscms_events_with_shared(i iscms) RETURNS SETOF events AS $$
  SELECT e.* FROM events AS e WHERE e.iscm_id = i.id
  UNION ALL
  SELECT e.*
  FROM event_shared_iscms AS s
  JOIN events AS e ON e.id = s.event_id
  WHERE s.iscm_id = i.id AND e.iscm_id IS DISTINCT FROM i.id
$$ LANGUAGE sql STABLE;
COMMENT ON FUNCTION iscms_recommendations_with_shared(iscms) IS E'@sortable\n@filterable';
COMMENT ON FUNCTION iscms_events_with_shared(iscms) IS E'@sortable\n@filterable';

-- The thematic areas of an ISCM: linked to it, or to one of its recommendations (shared ones
-- included), each once, by name.
CREATE OR REPLACE FUNCTION iscms_thematic_areas(i iscms) RETURNS SETOF thematic_areas AS $$
  SELECT t.* FROM thematic_areas AS t
  WHERE t.slug IN (
    SELECT it.thematic_area_slug FROM iscm_thematic_areas AS it WHERE it.iscm_id = i.id
    UNION
    SELECT rt.thematic_area_slug
    FROM iscms_recommendations_with_shared(i) AS r
    JOIN recommendation_thematic_areas AS rt ON rt.recommendation_id = r.id
  )
  ORDER BY t.name, t.slug
$$ LANGUAGE sql STABLE;

-- A recommendation's document unless it was removed.
CREATE OR REPLACE FUNCTION recommendations_public_document(r recommendations)
RETURNS documents AS $$
  SELECT d.* FROM documents AS d WHERE d.id = r.document_id AND d.deleted_at IS NULL
$$ LANGUAGE sql STABLE;

-- The public records (PUBLISHED, not removed) that count for an analysis, synthetic ones only
-- when asked: an ISCM's recommendations (shared ones included) and review contributions.
DROP TYPE IF EXISTS gcm_objective_count CASCADE;
CREATE TYPE gcm_objective_count AS (
  objective_number integer, recommendation_count integer, contribution_count integer
);
DROP TYPE IF EXISTS analysis_record CASCADE;
CREATE TYPE analysis_record AS (
  iscm_id integer, recommendation_id bigint, contribution_id bigint, classification text,
  synthetic boolean
);
CREATE OR REPLACE FUNCTION analysis_records(i iscms, include_synthetic boolean)
RETURNS SETOF analysis_record AS $$
  SELECT i.id, r.id, NULL::bigint, r.classification::text, r.synthetic
  FROM iscms_recommendations_with_shared(i) AS r
  WHERE r.status = 'PUBLISHED' AND r.deleted_at IS NULL AND (include_synthetic OR NOT r.synthetic)
  UNION ALL
  SELECT i.id, NULL, c.id, NULL, c.synthetic
  FROM review_contributions AS c
  WHERE c.iscm_id = i.id AND c.status = 'PUBLISHED' AND c.deleted_at IS NULL
    AND (include_synthetic OR NOT c.synthetic)
$$ LANGUAGE sql STABLE;
COMMENT ON FUNCTION analysis_records(iscms, boolean) IS E'@omit';

-- How many of an ISCM's counted records address each GCM objective (objectives none addresses
-- are left out): a computed column.
CREATE OR REPLACE FUNCTION iscms_gcm_objective_counts(i iscms, include_synthetic boolean)
RETURNS SETOF gcm_objective_count AS $$
  SELECT coalesce(ro.objective_number, co.objective_number),
         count(ro.objective_number)::integer,
         count(co.objective_number)::integer
  FROM analysis_records(i, include_synthetic) AS a
  LEFT JOIN recommendation_gcm_objectives AS ro ON ro.recommendation_id = a.recommendation_id
  LEFT JOIN review_contribution_gcm_objectives AS co ON co.contribution_id = a.contribution_id
  WHERE ro.objective_number IS NOT NULL OR co.objective_number IS NOT NULL
  GROUP BY 1
  ORDER BY 1
$$ LANGUAGE sql STABLE;

-- What the coverage matrix of every ISCM rests on: one row of counts, each record once however
-- many ISCMs it counts for (a custom query).
DROP TYPE IF EXISTS analysis_basis CASCADE;
CREATE TYPE analysis_basis AS (
  includes_synthetic boolean, iscm_count integer, iscms_with_records integer,
  recommendation_count integer, contribution_count integer, editorial_count integer,
  as_published_count integer, unclassified_count integer, synthetic_count integer
);
CREATE OR REPLACE FUNCTION gcm_coverage_basis(include_synthetic boolean)
RETURNS analysis_basis AS $$
  SELECT include_synthetic,
         (SELECT count(*) FROM iscms)::integer,
         count(DISTINCT a.iscm_id)::integer,
         count(DISTINCT a.recommendation_id)::integer,
         count(DISTINCT a.contribution_id)::integer,
         (count(DISTINCT a.recommendation_id) FILTER (WHERE a.classification = 'EDITORIAL'))
           ::integer,
         (count(DISTINCT a.recommendation_id) FILTER (WHERE a.classification = 'AS_PUBLISHED'))
           ::integer,
         (count(DISTINCT a.recommendation_id) FILTER (WHERE a.classification IS NULL))::integer,
         (count(DISTINCT a.recommendation_id) FILTER (WHERE a.synthetic)
          + count(DISTINCT a.contribution_id) FILTER (WHERE a.synthetic))::integer
  FROM iscms AS i, analysis_records(i, include_synthetic) AS a
$$ LANGUAGE sql STABLE;

-- A heatmap cell's records: an ISCM's public recommendations (shared ones included) and
-- review contributions that address one GCM objective (custom queries; PostGraphile adds the
-- `condition`, order and paging).
CREATE OR REPLACE FUNCTION recommendations_addressing(iscm text, objective integer)
RETURNS SETOF recommendations AS $$
  SELECT r.*
  FROM iscms AS i, iscms_recommendations_with_shared(i) AS r
  WHERE i.slug = iscm AND r.status = 'PUBLISHED' AND r.deleted_at IS NULL
    AND EXISTS (SELECT FROM recommendation_gcm_objectives AS ro
                WHERE ro.recommendation_id = r.id AND ro.objective_number = objective)
$$ LANGUAGE sql STABLE;
CREATE OR REPLACE FUNCTION review_contributions_addressing(iscm text, objective integer)
RETURNS SETOF review_contributions AS $$
  SELECT c.*
  FROM iscms AS i
  JOIN review_contributions AS c ON c.iscm_id = i.id
  WHERE i.slug = iscm AND c.status = 'PUBLISHED' AND c.deleted_at IS NULL
    AND EXISTS (SELECT FROM review_contribution_gcm_objectives AS co
                WHERE co.contribution_id = c.id AND co.objective_number = objective)
$$ LANGUAGE sql STABLE;
COMMENT ON FUNCTION recommendations_addressing(text, integer) IS E'@sortable\n@filterable';
COMMENT ON FUNCTION review_contributions_addressing(text, integer) IS E'@sortable\n@filterable';
