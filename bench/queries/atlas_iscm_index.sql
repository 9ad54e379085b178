-- (l) the atlas's mechanism cards, AtlasIscmIndex (service/static/atlas/queries/
-- iscm_index.graphql), its first page of 50 ISCMs by name, whole, in one statement: each with
-- its member count and how many public recommendations and meetings it has, those it shares
-- with other ISCMs included (removed ones not).
WITH page AS (
  SELECT * FROM iscms ORDER BY name, id LIMIT 51
), shown AS (
  SELECT * FROM page ORDER BY name, id LIMIT 50
)
SELECT json_build_object(
  'data', json_build_object(
    'iscms', json_build_object(
      '__typename', 'IscmConnection',
      'totalCount', (SELECT count(*) FROM iscms),
      'pageInfo', json_build_object(
        '__typename', 'PageInfo',
        'hasNextPage', (SELECT count(*) > 50 FROM page),
        -- The API's opaque cursor: base64url of [1,"NAME",[name,id]], unpadded.
        'endCursor', (
          SELECT rtrim(translate(encode(convert_to(
                   '[1,"NAME",[' || to_json(last.name)::text || ',' || last.id || ']]',
                   'UTF8'), 'base64'), E'+/\n', '-_'), '=')
          FROM shown AS last
          ORDER BY last.name DESC, last.id DESC
          LIMIT 1
        )
      ),
      'edges', coalesce((
        SELECT json_agg(json_build_object(
          '__typename', 'IscmEdge',
          'node', json_build_object(
            '__typename', 'Iscm',
            'id', encode(convert_to('Iscm:' || i.id, 'UTF8'), 'base64'),
            'slug', i.slug,
            'acronym', i.acronym,
            'name', i.name,
            'kind', i.kind,
            'status', i.status,
            'regions', to_json(i.regions),
            'established', i.established,
            'membersConfidence', i.members_confidence,
            'memberCount', (SELECT count(*) FROM iscm_memberships AS m
                            WHERE m.iscm_id = i.id AND m.role = 'MEMBER'),
            'recommendations', json_build_object(
              '__typename', 'RecommendationConnection',
              -- Own plus shared (a share naming the owner counted once), each by its index.
              'totalCount', (SELECT count(*) FROM recommendations AS r
                             WHERE r.iscm_id = i.id
                               AND r.status = 'PUBLISHED' AND r.deleted_at IS NULL)
                          + (SELECT count(*) FROM recommendation_shared_iscms AS sr
                             JOIN recommendations AS r ON r.id = sr.recommendation_id
                             WHERE sr.iscm_id = i.id AND r.iscm_id <> i.id
                               AND r.status = 'PUBLISHED' AND r.deleted_at IS NULL)
            ),
            'events', json_build_object(
              '__typename', 'EventConnection',
              'totalCount', (SELECT count(*) FROM events AS e
                             WHERE e.iscm_id = i.id AND e.deleted_at IS NULL)
                          + (SELECT count(*) FROM event_shared_iscms AS se
                             JOIN events AS e ON e.id = se.event_id
                             WHERE se.iscm_id = i.id AND e.iscm_id <> i.id
                               AND e.deleted_at IS NULL)
            )
          )
        ) ORDER BY i.name, i.id)
        FROM shown AS i
      ), '[]')
    )
  )
)::text
