-- (a) small: the whole response of iscm_by_slug.graphql in one statement.
SELECT json_build_object(
  'data', json_build_object(
    'iscm', (
      SELECT json_build_object(
        'slug', i.slug,
        'acronym', i.acronym,
        'name', i.name,
        'kind', i.kind,
        'status', i.status,
        'established', i.established,
        'website', i.website,
        'membersConfidence', i.members_confidence
      )
      FROM iscms AS i
      WHERE i.slug = 'bali-process'
    )
  )
)::text
