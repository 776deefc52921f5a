-- 42_transcripts: a transcript for every completed round, the template round's strong or weak
-- transcript by the round's score. Stream A (its indexes, full-text GIN included, follow in the stream).
\set ON_ERROR_STOP 1
BEGIN;
TRUNCATE round_transcripts;
INSERT INTO round_transcripts (id, session_round_id, user_id, full_transcript, messages, total_words, unique_words,
	candidate_speaking_time_seconds, interviewer_speaking_time_seconds, filler_words_count, filler_words,
	speaking_pace_wpm, transcription_provider, processing_completed, processing_duration_ms, created_at, updated_at)
SELECT scale.id('stx:' || d.s || ':' || d.rn), scale.id('ssr:' || d.s || ':' || d.rn), d.uid, t.full_text, t.messages,
       t.words, (t.words * 0.6)::int, t.words * 60 / 140, 90, t.fillers,
       '["um", "uh", "you know", "basically", "like"]', 140, 'typed', true, 40 + scale.h(d.a, 43, 200),
       d.started_at, d.started_at + make_interval(mins => d.minutes)
FROM scale.done d JOIN scale.tx t ON t.tid = d.tid AND t.strong = (d.score >= 65);
\set n :ROW_COUNT
COMMIT;
\echo :n round transcripts
