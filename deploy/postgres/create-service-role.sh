#!/bin/sh
# Runs once, when the postgres container initialises an empty volume: creates the role the
# service connects as. It owns nothing; `iscm-graph migrate` (as the owner, POSTGRES_USER)
# grants it what the service needs after every migration.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v role="$ISCM_SERVICE_ROLE" -v password="$ISCM_SERVICE_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
SQL
