-- (b) nested: the whole response of catalogue_page.graphql in one statement.
-- Members by State name; themes linked to the ISCM or to its recommendations, by name;
-- objectives addressed by its recommendations or PUBLISHED contributions, by number.
-- Each relation is built for the whole page at once, then joined to its ISCM. A recommendation
-- counts for its own ISCM and for those it is shared with; the GraphQL asks for synthetic
-- records too (includeSynthetic), as the benchmark's data is synthetic.
WITH page AS (
  SELECT i.id, i.slug, i.acronym, i.name, i.kind
  FROM iscms AS i
  ORDER BY i.name, i.id
  LIMIT 50
), owners AS (
  SELECT id AS recommendation_id, iscm_id
  FROM recommendations
  WHERE iscm_id IN (SELECT id FROM page)
  UNION ALL
  SELECT recommendation_id, iscm_id
  FROM recommendation_shared_iscms
  WHERE iscm_id IN (SELECT id FROM page)
), members AS (
  SELECT m.iscm_id,
         json_agg(json_build_object('iso3', s.iso3, 'name', s.name) ORDER BY s.name) AS list
  FROM iscm_memberships AS m
  JOIN member_states AS s ON s.iso3 = m.state_iso3
  WHERE m.iscm_id IN (SELECT id FROM page) AND m.role = 'MEMBER'
  GROUP BY m.iscm_id
), themes AS (
  SELECT pair.iscm_id,
         json_agg(json_build_object('slug', t.slug, 'name', t.name) ORDER BY t.name) AS list
  FROM (
    SELECT it.iscm_id, it.thematic_area_slug AS slug
    FROM iscm_thematic_areas AS it
    WHERE it.iscm_id IN (SELECT id FROM page)
    UNION
    SELECT o.iscm_id, rt.thematic_area_slug
    FROM owners AS o
    JOIN recommendation_thematic_areas AS rt ON rt.recommendation_id = o.recommendation_id
  ) AS pair
  JOIN thematic_areas AS t ON t.slug = pair.slug
  GROUP BY pair.iscm_id
), objective_counts AS (
  SELECT l.iscm_id, l.objective_number,
         count(*) FILTER (WHERE l.recommended) AS recommendations,
         count(*) FILTER (WHERE NOT l.recommended) AS contributions
  FROM (
    SELECT o.iscm_id, ro.objective_number, true AS recommended
    FROM owners AS o
    JOIN recommendation_gcm_objectives AS ro ON ro.recommendation_id = o.recommendation_id
    UNION ALL
    SELECT c.iscm_id, co.objective_number, false
    FROM review_contributions AS c
    JOIN review_contribution_gcm_objectives AS co ON co.contribution_id = c.id
    WHERE c.iscm_id IN (SELECT id FROM page) AND c.status = 'PUBLISHED'
  ) AS l
  GROUP BY l.iscm_id, l.objective_number
), objectives AS (
  SELECT iscm_id,
         json_agg(json_build_object(
           'objective', json_build_object('number', objective_number),
           'recommendationCount', recommendations,
           'contributionCount', contributions
         ) ORDER BY objective_number) AS list
  FROM objective_counts
  GROUP BY iscm_id
)
SELECT json_build_object(
  'data', json_build_object(
    'iscms', json_build_object(
      'totalCount', (SELECT count(*) FROM iscms),
      'pageInfo', json_build_object(
        'hasNextPage', EXISTS (SELECT 1 FROM iscms ORDER BY name, id OFFSET 50),
        -- The API's opaque cursor: base64url of [1,"NAME",[name,id]], unpadded.
        'endCursor', (
          SELECT rtrim(translate(encode(convert_to(
                   '[1,"NAME",[' || to_json(last.name)::text || ',' || last.id || ']]', 'UTF8'),
                   'base64'), E'+/\n', '-_'), '=')
          FROM page AS last
          ORDER BY last.name DESC, last.id DESC
          LIMIT 1
        )
      ),
      'edges', coalesce((
        SELECT json_agg(json_build_object('node', json_build_object(
          'slug', p.slug,
          'acronym', p.acronym,
          'name', p.name,
          'kind', p.kind,
          'members', coalesce(m.list, '[]'),
          'thematicAreas', coalesce(t.list, '[]'),
          'gcmObjectives', coalesce(o.list, '[]')
        )) ORDER BY p.name, p.id)
        FROM page AS p
        LEFT JOIN members AS m ON m.iscm_id = p.id
        LEFT JOIN themes AS t ON t.iscm_id = p.id
        LEFT JOIN objectives AS o ON o.iscm_id = p.id
      ), '[]')
    )
  )
)::text
