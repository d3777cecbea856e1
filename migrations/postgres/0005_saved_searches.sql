-- Saved searches with webhooks, as migrations/0006_saved_searches.sql for SQLite (the comments there
-- say what each column is for). Claims take rows FOR UPDATE SKIP LOCKED, so that several processes
-- never send one delivery each (src/store/postgres/saved-searches.ts).

CREATE TABLE saved_searches (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  filter text NOT NULL,
  url text NOT NULL,
  secret text NOT NULL,
  created_at text NOT NULL,
  position text NOT NULL
);

CREATE TABLE webhook_deliveries (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  search_seq bigint NOT NULL REFERENCES saved_searches (seq) ON DELETE CASCADE,
  article_id text NOT NULL,
  payload text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at text COLLATE "C",
  last_status_code integer,
  last_error text,
  created_at text NOT NULL,
  finished_at text
);

CREATE INDEX webhook_deliveries_by_search ON webhook_deliveries (search_seq, seq);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, seq) WHERE status = 'pending';
