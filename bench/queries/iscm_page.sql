-- (f) page: the whole response of iscm_page.graphql in one statement.
-- Members by State name; the 20 newest recommendations (undated ones last, id breaking ties)
-- with their objectives by number; the governance profile over all its recommendations and
-- its PUBLISHED contributions: every non-empty (level, phase, outcome type), by code,
-- unclassified last.
WITH iscm AS (
  SELECT id, slug, name, acronym, kind FROM iscms WHERE slug = 'bali-process'
), owned AS (
  -- Its recommendations: its own and those shared with it.
  SELECT r.* FROM recommendations AS r, iscm
  WHERE r.iscm_id = iscm.id
     OR r.id IN (SELECT recommendation_id FROM recommendation_shared_iscms, iscm AS i
                 WHERE recommendation_shared_iscms.iscm_id = i.id)
), page AS (
  -- Dated and undated apart, each half in the order of the (iscm_id, adopted_on, id) index.
  SELECT * FROM (
    (SELECT r.id, r.title, r.adopted_on
     FROM owned AS r
     WHERE r.adopted_on IS NOT NULL
     ORDER BY r.adopted_on DESC, r.id DESC
     LIMIT 21)
    UNION ALL
    (SELECT r.id, r.title, r.adopted_on
     FROM owned AS r
     WHERE r.adopted_on IS NULL
     ORDER BY r.id DESC
     LIMIT 21)
  ) AS halves
  ORDER BY adopted_on DESC NULLS LAST, id DESC
  LIMIT 21
), shown AS (
  SELECT * FROM page ORDER BY adopted_on DESC NULLS LAST, id DESC LIMIT 20
), outcomes AS (
  SELECT r.level, r.phase, r.outcome_type, true AS recommended
  FROM owned AS r
  UNION ALL
  SELECT c.level, c.phase, c.outcome_type, false
  FROM review_contributions AS c, iscm
  WHERE c.iscm_id = iscm.id AND c.status = 'PUBLISHED'
)
SELECT json_build_object(
  'data', json_build_object(
    'iscm', (
      SELECT json_build_object(
        'slug', i.slug,
        'name', i.name,
        'acronym', i.acronym,
        'kind', i.kind,
        'members', coalesce((
          SELECT json_agg(json_build_object('iso3', s.iso3, 'name', s.name) ORDER BY s.name)
          FROM iscm_memberships AS m
          JOIN member_states AS s ON s.iso3 = m.state_iso3
          WHERE m.iscm_id = i.id AND m.role = 'MEMBER'
        ), '[]'),
        'recommendations', json_build_object(
          'totalCount', (SELECT count(*) FROM owned),
          'pageInfo', json_build_object(
            'hasNextPage', (SELECT count(*) > 20 FROM page),
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
            SELECT json_agg(json_build_object('node', json_build_object(
              'id', encode(convert_to('Recommendation:' || r.id, 'UTF8'), 'base64'),
              'title', r.title,
              'adoptedOn', r.adopted_on,
              'gcmObjectives', coalesce((
                SELECT json_agg(json_build_object('number', o.number, 'shortName', o.short_name)
                                ORDER BY o.number)
                FROM recommendation_gcm_objectives AS ro
                JOIN gcm_objectives AS o ON o.number = ro.objective_number
                WHERE ro.recommendation_id = r.id
              ), '[]')
            )) ORDER BY r.adopted_on DESC NULLS LAST, r.id DESC)
            FROM shown AS r
          ), '[]')
        ),
        'governanceProfile', json_build_object(
          'recommendationCount', (SELECT count(*) FROM outcomes WHERE recommended),
          'contributionCount', (SELECT count(*) FROM outcomes WHERE NOT recommended),
          'cells', coalesce((
            SELECT json_agg(json_build_object(
              'level', c.level,
              'phase', c.phase,
              'outcomeType', c.outcome_type,
              'recommendationCount', c.recommendations,
              'contributionCount', c.contributions
            ) ORDER BY c.level NULLS LAST, c.phase NULLS LAST, c.outcome_type NULLS LAST)
            FROM (
              SELECT level, phase, outcome_type,
                     count(*) FILTER (WHERE recommended) AS recommendations,
                     count(*) FILTER (WHERE NOT recommended) AS contributions
              FROM outcomes
              GROUP BY level, phase, outcome_type
            ) AS c
          ), '[]')
        )
      )
      FROM iscm AS i
    )
  )
)::text
