-- A claim takes only the oldest pending delivery of each search, and asks, for each candidate, whether
-- its search has an older pending one. webhook_deliveries_by_search answered that by walking every
-- older delivery of the search, delivered ones included: a claim grew with a search's history (20
-- searches with 5,000 delivered each: 44 ms a claim, every poll of every process). This index holds
-- the pending ones only, so the question is one probe (0.03 ms); listing a search's deliveries still
-- reads webhook_deliveries_by_search.
CREATE INDEX webhook_deliveries_pending_by_search ON webhook_deliveries (search_seq, seq) WHERE status = 'pending';
