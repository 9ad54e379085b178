-- (q) small: the whole response of gateway_entities.graphql in one statement. The entities in
-- the order of the representations; one naming no ISCM is null, as federation asks.
SELECT json_build_object(
  'data', json_build_object(
    '_entities', (
      SELECT json_agg(
        CASE WHEN i.id IS NULL THEN NULL ELSE json_build_object(
          '__typename', 'Iscm',
          'slug', i.slug,
          'acronym', i.acronym,
          'name', i.name,
          'kind', i.kind,
          'status', i.status
        ) END
        ORDER BY r.position
      )
      FROM unnest(ARRAY[
        'bali-process', 'budapest-process', 'colombo-process',
        'regional-conference-on-migration', 'rabat-process', 'khartoum-process',
        'abu-dhabi-dialogue', 'prague-process', 'igad-rcp', 'no-such-process'
      ]) WITH ORDINALITY AS r(slug, position)
      LEFT JOIN iscms AS i ON i.slug = r.slug
    )
  )
)::text
