-- Saved searches with webhooks (POST /searches): each newly stored article matching a search becomes
-- one delivery, POSTed to the search's URL until it is answered 2xx or its attempts run out.

CREATE TABLE saved_searches (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  -- the filters (q, entity, source) as JSON, as GET /articles/stream takes them
  filter TEXT NOT NULL,
  url TEXT NOT NULL,
  -- the HMAC key of the signatures: needed in the clear to sign, never shown after creation
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- where the search has been read up to in storage order (an articlesStoredAfter position): every
  -- matching article before it has its delivery; kept here so that a restart goes on from it
  position TEXT NOT NULL
) STRICT;

CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  search_seq INTEGER NOT NULL REFERENCES saved_searches (seq) ON DELETE CASCADE,
  article_id TEXT NOT NULL,
  -- the request body, fixed when the delivery is made: every attempt sends the same bytes
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- pending: when it may next be claimed (a claim moves it past the attempt's timeout, as a lease)
  next_attempt_at TEXT,
  last_status_code INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
) STRICT;

-- A search's deliveries, newest first (GET /searches/:id/deliveries), and its oldest pending one (the
-- only one a claim may take, so that a search's deliveries go out in order).
CREATE INDEX webhook_deliveries_by_search ON webhook_deliveries (search_seq, seq);
-- The pending deliveries due first.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, seq) WHERE status = 'pending';
