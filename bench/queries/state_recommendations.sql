-- (c) deep: the whole response of state_recommendations.graphql in one statement.
-- ISCMs the State takes part in (member or observer) by name; per ISCM its 20 newest
-- recommendations (its own and those shared with it), undated ones counting as oldest, id
-- breaking ties.
SELECT json_build_object(
  'data', json_build_object(
    'memberState', (
      SELECT json_build_object(
        'iso3', s.iso3,
        'name', s.name,
        'iscms', coalesce((
          SELECT json_agg(json_build_object(
            'slug', i.slug,
            'name', i.name,
            'recommendations', json_build_object('edges', coalesce((
              SELECT json_agg(json_build_object('node', json_build_object(
                       'id', encode(convert_to('Recommendation:' || r.id, 'UTF8'), 'base64'),
                       'title', r.title,
                       'adoptedOn', r.adopted_on,
                       'level', r.level
                     )) ORDER BY r.undated, r.adopted_on DESC, r.id DESC)
              FROM (
                -- Dated and undated apart, so each half reads the (iscm_id, adopted_on, id)
                -- index in order instead of sorting every recommendation of the ISCM.
                SELECT * FROM (
                  (SELECT id, title, adopted_on, level, false AS undated
                   FROM recommendations
                   WHERE (iscm_id = i.id OR id IN (
                            SELECT recommendation_id FROM recommendation_shared_iscms
                            WHERE iscm_id = i.id))
                     AND adopted_on IS NOT NULL
                   ORDER BY adopted_on DESC, id DESC
                   LIMIT 20)
                  UNION ALL
                  (SELECT id, title, adopted_on, level, true
                   FROM recommendations
                   WHERE (iscm_id = i.id OR id IN (
                            SELECT recommendation_id FROM recommendation_shared_iscms
                            WHERE iscm_id = i.id))
                     AND adopted_on IS NULL
                   ORDER BY id DESC
                   LIMIT 20)
                ) AS halves
                ORDER BY undated, adopted_on DESC, id DESC
                LIMIT 20
              ) AS r
            ), '[]'))
          ) ORDER BY i.name)
          FROM iscm_memberships AS m
          JOIN iscms AS i ON i.id = m.iscm_id
          WHERE m.state_iso3 = s.iso3
        ), '[]')
      )
      FROM member_states AS s
      WHERE s.iso3 = 'ESP'
    )
  )
)::text
