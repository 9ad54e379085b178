-- (g) search: the whole response of search_page.graphql in one statement.
-- Each table's GIN index finds its matches; ts_rank orders all of them, best first, ties
-- broken by kind (DOCUMENT, ISCM, RECOMMENDATION) and id; the best 20 are shown.
WITH q AS (
  SELECT websearch_to_tsquery('english', 'labour migration') AS query
), hits AS (
  SELECT 'ISCM' AS tag, i.id, ts_rank(i.search_vector, q.query) AS rank
  FROM iscms AS i, q WHERE i.search_vector @@ q.query
  UNION ALL
  SELECT 'RECOMMENDATION', r.id, ts_rank(r.search_vector, q.query)
  FROM recommendations AS r, q WHERE r.search_vector @@ q.query
  UNION ALL
  SELECT 'DOCUMENT', d.id, ts_rank(d.search_vector, q.query)
  FROM documents AS d, q WHERE d.search_vector @@ q.query
), best AS (
  SELECT * FROM hits ORDER BY rank DESC, tag, id LIMIT 20
)
SELECT json_build_object(
  'data', json_build_object(
    'search', coalesce((
      SELECT json_agg(CASE b.tag
        WHEN 'ISCM' THEN (
          SELECT json_build_object(
            '__typename', 'Iscm', 'slug', i.slug, 'name', i.name, 'acronym', i.acronym)
          FROM iscms AS i WHERE i.id = b.id)
        WHEN 'RECOMMENDATION' THEN (
          SELECT json_build_object(
            '__typename', 'Recommendation',
            'id', encode(convert_to('Recommendation:' || r.id, 'UTF8'), 'base64'),
            'title', r.title,
            'adoptedOn', r.adopted_on,
            'iscm', (SELECT json_build_object('slug', i.slug, 'name', i.name)
                     FROM iscms AS i WHERE i.id = r.iscm_id))
          FROM recommendations AS r WHERE r.id = b.id)
        ELSE (
          SELECT json_build_object(
            '__typename', 'Document',
            'id', encode(convert_to('Document:' || d.id, 'UTF8'), 'base64'),
            'title', d.title,
            'kind', d.kind,
            'publishedOn', d.published_on)
          FROM documents AS d WHERE d.id = b.id)
      END ORDER BY b.rank DESC, b.tag, b.id)
      FROM best AS b
    ), '[]')
  )
)::text
