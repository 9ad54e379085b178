-- (m) the atlas's calendar, AtlasCalendar (service/static/atlas/queries/calendar.graphql), its
-- first page of 100 meetings, whole, in one statement: earliest first (a meeting known only
-- by its year starts on 1 January), id breaking ties, each with its country and ISCM.
WITH page AS (
  SELECT e.*, coalesce(e.starts_on, make_date(e.year, 1, 1)) AS start_day
  FROM events AS e
  ORDER BY coalesce(e.starts_on, make_date(e.year, 1, 1)), e.id
  LIMIT 101
), shown AS (
  SELECT * FROM page ORDER BY start_day, id LIMIT 100
)
SELECT json_build_object(
  'data', json_build_object(
    'events', json_build_object(
      '__typename', 'EventConnection',
      'totalCount', (SELECT count(*) FROM events),
      'pageInfo', json_build_object(
        '__typename', 'PageInfo',
        'hasNextPage', (SELECT count(*) > 100 FROM page),
        -- The API's opaque cursor: base64url of [1,"STARTS_ON",[day,id]], unpadded.
        'endCursor', (
          SELECT rtrim(translate(encode(convert_to(
                   '[1,"STARTS_ON",["' || to_char(last.start_day, 'YYYY-MM-DD') || '",'
                   || last.id || ']]', 'UTF8'), 'base64'), E'+/\n', '-_'), '=')
          FROM shown AS last
          ORDER BY last.start_day DESC, last.id DESC
          LIMIT 1
        )
      ),
      'edges', coalesce((
        SELECT json_agg(json_build_object(
          '__typename', 'EventEdge',
          'node', json_build_object(
            '__typename', 'Event',
            'id', encode(convert_to('Event:' || e.id, 'UTF8'), 'base64'),
            'slug', e.slug,
            'title', e.title,
            'kind', e.kind,
            'year', e.year,
            'startsOn', e.starts_on,
            'endsOn', e.ends_on,
            'city', e.city,
            'url', e.url,
            'synthetic', e.synthetic,
            'country', (
              SELECT json_build_object(
                '__typename', 'MemberState',
                'id', encode(convert_to('MemberState:' || s.iso3, 'UTF8'), 'base64'),
                'iso3', s.iso3,
                'name', s.name)
              FROM member_states AS s
              WHERE s.iso3 = e.country_iso3
            ),
            'iscm', (
              SELECT json_build_object(
                '__typename', 'Iscm',
                'id', encode(convert_to('Iscm:' || i.id, 'UTF8'), 'base64'),
                'slug', i.slug,
                'acronym', i.acronym,
                'name', i.name,
                'kind', i.kind,
                'status', i.status)
              FROM iscms AS i
              WHERE i.id = e.iscm_id
            )
          )
        ) ORDER BY e.start_day, e.id)
        FROM shown AS e
      ), '[]')
    )
  )
)::text
