-- 063_transcript_indexes: drops the two GIN indexes of round_transcripts that the document's
-- schema asked for and no query uses (no page, report or admin search reads transcripts by
-- words or by JSON containment). Every saved answer rewrote both: the full-text one stemmed
-- the whole transcript again and the jsonb one indexed every key and value of every message,
-- a quarter of the database's time per answer. A transcript search, when there is one, gets
-- the index its query needs.
DROP INDEX idx_transcripts_text;
DROP INDEX idx_transcripts_messages;
