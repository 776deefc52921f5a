-- 063_transcript_indexes (down): the two GIN indexes of round_transcripts, as in 007.
CREATE INDEX idx_transcripts_text ON round_transcripts USING gin (to_tsvector('english', coalesce(full_transcript, '')));
CREATE INDEX idx_transcripts_messages ON round_transcripts USING gin (messages);
