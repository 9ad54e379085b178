-- (e) wide: the whole response of contribution_export.graphql in one statement.
-- Anonymous readers see PUBLISHED contributions only; newest (highest id) first.
WITH page AS (
  SELECT c.*
  FROM review_contributions AS c
  WHERE c.status = 'PUBLISHED'
  ORDER BY c.id DESC
  LIMIT 101
)
SELECT json_build_object(
  'data', json_build_object(
    'reviewContributions', json_build_object(
      'pageInfo', json_build_object(
        'hasNextPage', (SELECT count(*) > 100 FROM page),
        -- The API's opaque cursor: base64url of [1,"CREATED_DESC",[id]], unpadded.
        'endCursor', (
          SELECT rtrim(translate(encode(convert_to(
                   '[1,"CREATED_DESC",[' || last.id || ']]', 'UTF8'), 'base64'), E'+/\n', '-_'), '=')
          FROM (SELECT id FROM page ORDER BY id DESC LIMIT 100) AS last
          ORDER BY last.id
          LIMIT 1
        )
      ),
      'edges', coalesce((
        SELECT json_agg(json_build_object('node', json_build_object(
          'id', encode(convert_to('ReviewContribution:' || c.id, 'UTF8'), 'base64'),
          'title', c.title,
          'summary', c.summary,
          'practices', c.practices,
          'challenges', c.challenges,
          'status', c.status,
          'level', c.level,
          'phase', c.phase,
          'outcomeType', c.outcome_type,
          'submittedAt', c.submitted_at,
          'publishedAt', c.published_at,
          'synthetic', c.synthetic,
          'iscm', json_build_object('slug', i.slug, 'name', i.name),
          'reviewProcess', json_build_object('slug', p.slug),
          'gcmObjectives', coalesce((
            SELECT json_agg(json_build_object('number', o.number, 'shortName', o.short_name)
                            ORDER BY o.number)
            FROM review_contribution_gcm_objectives AS co
            JOIN gcm_objectives AS o ON o.number = co.objective_number
            WHERE co.contribution_id = c.id
          ), '[]')
        )) ORDER BY c.id DESC)
        FROM (SELECT * FROM page ORDER BY id DESC LIMIT 100) AS c
        JOIN iscms AS i ON i.id = c.iscm_id
        JOIN review_processes AS p ON p.id = c.review_process_id
      ), '[]')
    )
  )
)::text
