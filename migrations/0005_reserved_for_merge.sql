-- Placeholder: number 5 belongs to a migration on another branch (issue 15). This file keeps the
-- numbering gapless on the webhooks branch alone; delete it when the two branches are merged.
SELECT 1;
