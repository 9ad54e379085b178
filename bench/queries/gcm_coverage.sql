-- (d) matrix: the whole response of gcm_coverage.graphql in one statement.
-- A cell counts the ISCM's recommendations and PUBLISHED contributions addressing the
-- objective; every ISCM has all 23 cells, zeros included; row totals sum the cells. A
-- recommendation counts for its own ISCM and for those it is shared with; the GraphQL asks for
-- synthetic records too (includeSynthetic), as the benchmark's data is synthetic.
WITH owners AS (
  SELECT id AS recommendation_id, iscm_id FROM recommendations WHERE iscm_id IS NOT NULL
  UNION ALL
  SELECT recommendation_id, iscm_id FROM recommendation_shared_iscms
), links AS (
  SELECT o.iscm_id, ro.objective_number, true AS recommended
  FROM owners AS o
  JOIN recommendation_gcm_objectives AS ro ON ro.recommendation_id = o.recommendation_id
  UNION ALL
  SELECT c.iscm_id, co.objective_number, false
  FROM review_contributions AS c
  JOIN review_contribution_gcm_objectives AS co ON co.contribution_id = c.id
  WHERE c.status = 'PUBLISHED'
), counts AS (
  SELECT iscm_id, objective_number,
         count(*) FILTER (WHERE recommended) AS recommendations,
         count(*) FILTER (WHERE NOT recommended) AS contributions
  FROM links
  GROUP BY iscm_id, objective_number
), matrix AS (
  SELECT i.id AS iscm_id,
         json_agg(json_build_object(
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
      'rows', coalesce((
        SELECT json_agg(json_build_object(
          'iscm', json_build_object('slug', i.slug),
          'recommendationCount', m.recommendations,
          'contributionCount', m.contributions,
          'cells', m.cells
        ) ORDER BY i.name, i.id)
        FROM iscms AS i
        JOIN matrix AS m ON m.iscm_id = i.id
      ), '[]')
    )
  )
)::text
