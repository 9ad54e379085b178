-- (n) the atlas's State picker, AtlasStates (service/static/atlas/queries/states.graphql),
-- whole, in one statement: the top-level M49 regions by name, each with the UN Member and
-- observer States placed in it at any depth (not territories), by name.
SELECT json_build_object(
  'data', json_build_object(
    'regions', coalesce((
      SELECT json_agg(json_build_object(
        '__typename', 'Region',
        'name', r.name,
        'memberStates', coalesce((
          SELECT json_agg(json_build_object(
            '__typename', 'MemberState',
            'id', encode(convert_to('MemberState:' || s.iso3, 'UTF8'), 'base64'),
            'iso3', s.iso3,
            'name', s.name,
            'unStatus', s.un_status
          ) ORDER BY s.name, s.iso3)
          FROM member_states AS s
          WHERE r.name IN (s.region, s.subregion, s.intermediate_region)
            AND s.un_status IN ('MEMBER', 'OBSERVER')
        ), '[]')
      ) ORDER BY r.name)
      FROM (SELECT DISTINCT region AS name FROM member_states WHERE region IS NOT NULL) AS r
    ), '[]')
  )
)::text
