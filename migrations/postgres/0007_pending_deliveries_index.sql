-- A claim's test for an older pending delivery of the same search, in one probe instead of a walk
-- through the search's whole history: as migrations/0008_pending_deliveries_index.sql for SQLite.
CREATE INDEX webhook_deliveries_pending_by_search ON webhook_deliveries (search_seq, seq) WHERE status = 'pending';
