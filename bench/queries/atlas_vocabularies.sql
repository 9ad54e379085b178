-- (i) the atlas's AtlasVocabularies (service/static/atlas/queries/vocabularies.graphql), whole,
-- in one statement: the three governance vocabularies in their order.
SELECT json_build_object(
  'data', json_build_object(
    'governanceLevels', (
      SELECT json_agg(json_build_object(
        '__typename', 'GovernanceLevelTerm',
        'code', code, 'name', name, 'description', description) ORDER BY position)
      FROM governance_levels
    ),
    'governancePhases', (
      SELECT json_agg(json_build_object(
        '__typename', 'GovernancePhaseTerm',
        'code', code, 'name', name, 'description', description) ORDER BY position)
      FROM governance_phases
    ),
    'outcomeTypes', (
      SELECT json_agg(json_build_object(
        '__typename', 'OutcomeTypeTerm',
        'code', code, 'name', name, 'description', description) ORDER BY position)
      FROM outcome_types
    )
  )
)::text
