#!/usr/bin/env bash
# A streaming standby: on first start, copy the primary with pg_basebackup (-R writes the connection
# settings and standby.signal; -C -S creates the replication slot that makes the primary keep the WAL
# this standby has not received yet), then run postgres as a hot standby. Later starts reuse the copy.
set -euo pipefail
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  until pg_isready -h primary -p 5432 -q; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h primary -p 5432 -U replicator -D "$PGDATA" -R -C -S replica1 -X stream -P
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
