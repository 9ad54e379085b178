-- (h) the atlas's first view, AtlasCoverage (service/static/atlas/queries/coverage.graphql),
-- whole, in one statement, for an anonymous reader: what the matrix rests on (its basis), the
-- 23 objectives, every ISCM's row (by name) of real recommendations (for each ISCM they belong
-- to, shared ones included) and real PUBLISHED contributions per objective, zeros included,
-- and the column totals. Removed and synthetic records count nowhere.
WITH owners AS (
  SELECT id AS recommendation_id, iscm_id FROM recommendations WHERE iscm_id IS NOT NULL
  UNION ALL
  SELECT recommendation_id, iscm_id FROM recommendation_shared_iscms
), records AS (
  SELECT o.iscm_id, 'R' || r.id AS record, true AS recommended, r.classification
  FROM owners AS o
  JOIN recommendations AS r ON r.id = o.recommendation_id
  WHERE r.status = 'PUBLISHED' AND r.deleted_at IS NULL AND NOT r.synthetic
  UNION ALL
  SELECT c.iscm_id, 'C' || c.id, false, NULL
  FROM review_contributions AS c
  WHERE c.status = 'PUBLISHED' AND c.deleted_at IS NULL AND NOT c.synthetic
), links AS (
  SELECT o.iscm_id, ro.objective_number, true AS recommended
  FROM owners AS o
  JOIN recommendations AS r ON r.id = o.recommendation_id
  JOIN recommendation_gcm_objectives AS ro ON ro.recommendation_id = r.id
  WHERE r.status = 'PUBLISHED' AND r.deleted_at IS NULL AND NOT r.synthetic
  UNION ALL
  SELECT c.iscm_id, co.objective_number, false
  FROM review_contributions AS c
  JOIN review_contribution_gcm_objectives AS co ON co.contribution_id = c.id
  WHERE c.iscm_id IS NOT NULL AND c.status = 'PUBLISHED' AND c.deleted_at IS NULL
    AND NOT c.synthetic
), counts AS (
  SELECT iscm_id, objective_number,
         count(*) FILTER (WHERE recommended) AS recommendations,
         count(*) FILTER (WHERE NOT recommended) AS contributions
  FROM links
  GROUP BY iscm_id, objective_number
), matrix AS (
  SELECT i.id AS iscm_id,
         json_agg(json_build_object(
           '__typename', 'GcmCoverageCell',
           'objectiveNumber', n.number,
           'recommendationCount', coalesce(c.recommendations, 0),
           'contributionCount', coalesce(c.contributions, 0)
         ) ORDER BY n.number) AS cells,
         coalesce(sum(c.recommendations), 0) AS recommendations,
         coalesce(sum(c.contributions), 0) AS contributions
  FROM iscms AS i
  CROSS JOIN generate_series(1, 23) AS n(number)
  LEFT JOIN counts AS c ON c.iscm_id = i.id AND c.objective_number = n.number
  GROUP BY i.id
)
SELECT json_build_object(
  'data', json_build_object(
    'gcmCoverage', json_build_object(
      '__typename', 'GcmCoverage',
      'basis', (
        SELECT json_build_object(
          '__typename', 'AnalysisBasis',
          'includesSynthetic', false,
          'iscmCount', (SELECT count(*) FROM iscms),
          'iscmsWithRecords', count(DISTINCT iscm_id),
          'recommendationCount', count(DISTINCT record) FILTER (WHERE recommended),
          'contributionCount', count(DISTINCT record) FILTER (WHERE NOT recommended),
          'editorialCount',
            count(DISTINCT record) FILTER (WHERE recommended AND classification = 'EDITORIAL'),
          'asPublishedCount',
            count(DISTINCT record) FILTER (WHERE recommended AND classification = 'AS_PUBLISHED'),
          'unclassifiedCount',
            count(DISTINCT record) FILTER (WHERE recommended AND classification IS NULL),
          'syntheticCount', 0
        )
        FROM records
      ),
      'objectives', (
        SELECT json_agg(json_build_object(
          '__typename', 'GcmObjective',
          'id', encode(convert_to('GcmObjective:' || o.number, 'UTF8'), 'base64'),
          'number', o.number,
          'shortName', o.short_name,
          'title', o.title
        ) ORDER BY o.number)
        FROM gcm_objectives AS o
        WHERE o.number BETWEEN 1 AND 23
      ),
      'rows', coalesce((
        SELECT json_agg(json_build_object(
          '__typename', 'GcmCoverageRow',
          'iscm', json_build_object(
            '__typename', 'Iscm',
            'id', encode(convert_to('Iscm:' || i.id, 'UTF8'), 'base64'),
            'slug', i.slug,
            'acronym', i.acronym,
            'name', i.name,
            'kind', i.kind,
            'status', i.status
          ),
          'recommendationCount', m.recommendations,
          'contributionCount', m.contributions,
          'cells', m.cells
        ) ORDER BY i.name, i.id)
        FROM iscms AS i
        JOIN matrix AS m ON m.iscm_id = i.id
      ), '[]'),
      'totals', (
        SELECT json_agg(json_build_object(
          '__typename', 'GcmCoverageCell',
          'objectiveNumber', n.number,
          'recommendationCount', coalesce(t.recommendations, 0),
          'contributionCount', coalesce(t.contributions, 0)
        ) ORDER BY n.number)
        FROM generate_series(1, 23) AS n(number)
        LEFT JOIN (
          SELECT objective_number, sum(recommendations) AS recommendations,
                 sum(contributions) AS contributions
          FROM counts
          GROUP BY objective_number
        ) AS t ON t.objective_number = n.number
      )
    )
  )
)::text
