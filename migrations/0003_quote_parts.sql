-- The words of each quote as written, in order: a JSON array of [start, end, text], code points into
-- articles.text; several for a quote an attribution interrupts or that runs across paragraphs. The
-- texts are stored with the offsets, not sliced from articles.text on reading, because the quote lists
-- read quotes without their articles' texts (which run to megabytes). The DEFAULT only serves this
-- ALTER: every insert states the parts.
ALTER TABLE quotes ADD COLUMN parts TEXT NOT NULL DEFAULT '[]';

-- Quotes stored before this migration were extracted without parts. Each gets one part whose text is
-- its stored text, so `text` stays the parts' texts joined; the offsets are where that text stands
-- inside the quote's span (which includes the quotation marks and any interrupting attribution), or,
-- where it does not stand there as one piece (an interrupted quote, whose stored text joins its
-- pieces), the whole span: then the part's text is not the text between its offsets. `npm run
-- reprocess` extracts these articles again (their extractor version is older) and gives them real parts.
-- SQLite's substr, instr and length count characters, which are code points, like the offsets.
UPDATE quotes
SET parts = json_array(json_array(
  CASE WHEN f.at > 0 THEN quotes.start + f.at - 1 ELSE quotes.start END,
  CASE WHEN f.at > 0 THEN quotes.start + f.at - 1 + length(quotes.text) ELSE quotes.end END,
  quotes.text
))
FROM (
  SELECT q.seq, instr(substr(a.text, q.start + 1, q.end - q.start), q.text) AS at
  FROM quotes q JOIN articles a ON a.seq = q.article_seq
) AS f
WHERE f.seq = quotes.seq;
