-- (k) the atlas's membership map, AtlasMemberships (service/static/atlas/queries/
-- memberships.graphql), its first page of 50 ISCMs by name, whole, in one statement: each
-- with its member and observer States (by name) placed by their M49 codes.
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
            'membersConfidence', i.members_confidence,
            'observersConfidence', i.observers_confidence,
            'memberCount', (SELECT count(*) FROM iscm_memberships AS m
                            WHERE m.iscm_id = i.id AND m.role = 'MEMBER'),
            'openTo', i.open_to,
            'membersWithoutIso', to_json(i.members_without_iso),
            'members', coalesce((
              SELECT json_agg(json_build_object(
                '__typename', 'MemberState',
                'id', encode(convert_to('MemberState:' || s.iso3, 'UTF8'), 'base64'),
                'iso3', s.iso3,
                'm49', s.m49,
                'name', s.name
              ) ORDER BY s.name, s.iso3)
              FROM member_states AS s
              WHERE EXISTS (SELECT FROM iscm_memberships AS m
                            WHERE m.iscm_id = i.id AND m.state_iso3 = s.iso3
                              AND m.role = 'MEMBER')
            ), '[]'),
            'observers', coalesce((
              SELECT json_agg(json_build_object(
                '__typename', 'MemberState',
                'id', encode(convert_to('MemberState:' || s.iso3, 'UTF8'), 'base64'),
                'iso3', s.iso3,
                'm49', s.m49,
                'name', s.name
              ) ORDER BY s.name, s.iso3)
              FROM member_states AS s
              WHERE EXISTS (SELECT FROM iscm_memberships AS m
                            WHERE m.iscm_id = i.id AND m.state_iso3 = s.iso3
                              AND m.role = 'OBSERVER')
            ), '[]')
          )
        ) ORDER BY i.name, i.id)
        FROM shown AS i
      ), '[]')
    )
  )
)::text
