-- (j) the atlas's heatmap cell, AtlasCellOutcomes (service/static/atlas/queries/
-- cell_outcomes.graphql) for the Bali Process and objective 9, whole, in one statement: the
-- first 50 of its real public recommendations (its own and those shared with it) addressing
-- the objective, newest first (undated ones last, id breaking ties), and the first 50 of its
-- real PUBLISHED contributions addressing it, newest record first.
WITH iscm AS (
  SELECT id FROM iscms WHERE slug = 'bali-process'
), matching AS (
  SELECT r.*
  FROM recommendations AS r, iscm
  WHERE (r.iscm_id = iscm.id
         OR r.id IN (SELECT s.recommendation_id FROM recommendation_shared_iscms AS s
                     WHERE s.iscm_id = iscm.id))
    AND r.status = 'PUBLISHED' AND r.deleted_at IS NULL AND NOT r.synthetic
    AND EXISTS (SELECT FROM recommendation_gcm_objectives AS ro
                WHERE ro.recommendation_id = r.id AND ro.objective_number = 9)
), page AS (
  SELECT * FROM matching ORDER BY adopted_on DESC NULLS LAST, id DESC LIMIT 51
), shown AS (
  SELECT * FROM page ORDER BY adopted_on DESC NULLS LAST, id DESC LIMIT 50
), contributions AS (
  SELECT c.*
  FROM review_contributions AS c, iscm
  WHERE c.iscm_id = iscm.id AND c.status = 'PUBLISHED' AND c.deleted_at IS NULL
    AND NOT c.synthetic
    AND EXISTS (SELECT FROM review_contribution_gcm_objectives AS co
                WHERE co.contribution_id = c.id AND co.objective_number = 9)
)
SELECT json_build_object(
  'data', json_build_object(
    'recommendations', json_build_object(
      '__typename', 'RecommendationConnection',
      'totalCount', (SELECT count(*) FROM matching),
      'pageInfo', json_build_object(
        '__typename', 'PageInfo',
        'hasNextPage', (SELECT count(*) > 50 FROM page),
        -- The API's opaque cursor: base64url of [1,"ADOPTED_ON_DESC",[day,id]], unpadded;
        -- undated rows carry the day 0001-01-01.
        'endCursor', (
          SELECT rtrim(translate(encode(convert_to(
                   '[1,"ADOPTED_ON_DESC",["'
                   || to_char(coalesce(last.adopted_on, DATE '0001-01-01'), 'YYYY-MM-DD')
                   || '",' || last.id || ']]', 'UTF8'), 'base64'), E'+/\n', '-_'), '=')
          FROM shown AS last
          ORDER BY last.adopted_on ASC NULLS FIRST, last.id ASC
          LIMIT 1
        )
      ),
      'edges', coalesce((
        SELECT json_agg(json_build_object(
          '__typename', 'RecommendationEdge',
          'node', json_build_object(
            '__typename', 'Recommendation',
            'id', encode(convert_to('Recommendation:' || r.id, 'UTF8'), 'base64'),
            'number', r.number,
            'title', r.title,
            'titleIsDescriptive', r.title_is_descriptive,
            'text', r.text,
            'adoptedOn', r.adopted_on,
            'level', r.level,
            'phase', r.phase,
            'outcomeType', r.outcome_type,
            'classification', CASE WHEN r.classification IS NOT NULL THEN json_build_object(
              '__typename', 'Classification',
              'kind', r.classification,
              'note', r.classification_note) END,
            'sourceUrl', r.source_url,
            'sources', to_json(r.sources),
            'synthetic', r.synthetic,
            'document', (
              SELECT json_build_object(
                '__typename', 'Document',
                'id', encode(convert_to('Document:' || d.id, 'UTF8'), 'base64'),
                'title', d.title,
                'year', d.year)
              FROM documents AS d
              WHERE d.id = r.document_id AND d.deleted_at IS NULL
            ),
            'event', (
              SELECT json_build_object(
                '__typename', 'Event',
                'id', encode(convert_to('Event:' || e.id, 'UTF8'), 'base64'),
                'title', e.title,
                'year', e.year)
              FROM events AS e
              WHERE e.id = r.event_id
            ),
            'gcmObjectives', coalesce((
              SELECT json_agg(json_build_object(
                '__typename', 'GcmObjective',
                'id', encode(convert_to('GcmObjective:' || o.number, 'UTF8'), 'base64'),
                'number', o.number,
                'shortName', o.short_name
              ) ORDER BY o.number)
              FROM recommendation_gcm_objectives AS ro
              JOIN gcm_objectives AS o ON o.number = ro.objective_number
              WHERE ro.recommendation_id = r.id
            ), '[]')
          )
        ) ORDER BY r.adopted_on DESC NULLS LAST, r.id DESC)
        FROM shown AS r
      ), '[]')
    ),
    'reviewContributions', json_build_object(
      '__typename', 'ReviewContributionConnection',
      'totalCount', (SELECT count(*) FROM contributions),
      'edges', coalesce((
        SELECT json_agg(json_build_object(
          '__typename', 'ReviewContributionEdge',
          'node', json_build_object(
            '__typename', 'ReviewContribution',
            'id', encode(convert_to('ReviewContribution:' || c.id, 'UTF8'), 'base64'),
            'title', c.title,
            'summary', c.summary,
            'status', c.status,
            'publishedAt', c.published_at,
            'synthetic', c.synthetic,
            'reviewProcess', (
              SELECT json_build_object(
                '__typename', 'ReviewProcess',
                'id', encode(convert_to('ReviewProcess:' || p.id, 'UTF8'), 'base64'),
                'slug', p.slug,
                'name', p.name)
              FROM review_processes AS p
              WHERE p.id = c.review_process_id
            )
          )
        ) ORDER BY c.id DESC)
        FROM (SELECT * FROM contributions ORDER BY id DESC LIMIT 50) AS c
      ), '[]')
    )
  )
)::text
