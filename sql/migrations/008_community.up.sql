-- 008_community: crowdsourced interview experiences (the document's user_feedback, extended to the
-- full record of PRODUCT.md), moderation, one changeable vote per user per post, and reports.
CREATE TABLE public.user_feedback (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	user_id       uuid REFERENCES auth.users(id) ON DELETE SET NULL,   -- kept, anonymised, when the account goes
	company_id    uuid NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
	job_id        uuid REFERENCES jobs(id) ON DELETE SET NULL,
	feedback_type text NOT NULL DEFAULT 'interview_experience' CHECK (feedback_type IN (
		'interview_experience', 'process_update', 'question_shared', 'tip', 'warning', 'success_story')),
	title         text CHECK (length(title) <= 200),
	content       text NOT NULL CHECK (length(content) BETWEEN 1 AND 20000),
	-- the interview-experience record
	role_title    text CHECK (length(role_title) <= 200),
	level         text CHECK (level IN ('intern', 'entry', 'junior', 'mid', 'senior', 'lead', 'principal', 'staff', 'executive')),
	location      text CHECK (length(location) <= 200),
	is_remote     boolean,
	interview_date date,                 -- the month is what is shown; day is normalised to the 1st
	application_source text CHECK (application_source IN (
		'online_application', 'referral', 'recruiter', 'campus', 'agency', 'other')),
	process_length_days integer CHECK (process_length_days BETWEEN 0 AND 730),
	outcome       text CHECK (outcome IN ('offer_accepted', 'offer_declined', 'no_offer', 'withdrew', 'pending')),
	experience    text CHECK (experience IN ('positive', 'neutral', 'negative')),
	difficulty    smallint CHECK (difficulty BETWEEN 1 AND 5),
	rounds        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(rounds) = 'array'),
	/* [{"type": "coding", "duration_minutes": 45, "interviewer_role": "Senior Engineer",
	     "topics": ["graphs"], "questions": ["..."]}] */
	tips          text CHECK (length(tips) <= 5000),
	-- the document's context and outcome fields
	interview_round text,
	interviewer_role text,
	interview_outcome text CHECK (interview_outcome IN ('passed', 'failed', 'waiting', 'withdrew', 'ghosted')),
	final_outcome text CHECK (final_outcome IN ('offer_accepted', 'offer_declined', 'rejected', 'withdrew', 'ongoing')),
	is_verified   boolean NOT NULL DEFAULT false,
	verification_method text,
	-- moderation
	moderation_status text NOT NULL DEFAULT 'pending' CHECK (moderation_status IN ('pending', 'published', 'hidden')),
	hidden_reason text CHECK (length(hidden_reason) <= 1000),
	moderated_by  uuid REFERENCES auth.users(id) ON DELETE SET NULL,
	moderated_at  timestamptz,
	published_at  timestamptz,
	-- community votes (maintained from user_feedback_votes), replacing the document's up/down votes
	helpful_count  integer NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
	outdated_count integer NOT NULL DEFAULT 0 CHECK (outdated_count >= 0),
	report_count   integer NOT NULL DEFAULT 0 CHECK (report_count >= 0),
	is_public     boolean NOT NULL DEFAULT true,
	is_anonymous  boolean NOT NULL DEFAULT false,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT check_hidden_reason CHECK (moderation_status <> 'hidden' OR hidden_reason IS NOT NULL),
	CONSTRAINT check_published_at CHECK (moderation_status <> 'published' OR published_at IS NOT NULL)
);
CREATE INDEX idx_user_feedback_company ON user_feedback (company_id, moderation_status, helpful_count DESC, created_at DESC);
CREATE INDEX idx_user_feedback_job ON user_feedback (job_id);
CREATE INDEX idx_user_feedback_user ON user_feedback (user_id, created_at DESC);
CREATE INDEX idx_user_feedback_pending ON user_feedback (created_at) WHERE moderation_status = 'pending';
CREATE INDEX idx_user_feedback_votes ON user_feedback (helpful_count DESC);

CREATE TABLE public.user_feedback_votes (
	feedback_id   uuid NOT NULL REFERENCES user_feedback(id) ON DELETE CASCADE,
	user_id       uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
	vote          text NOT NULL CHECK (vote IN ('helpful', 'outdated')),
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (feedback_id, user_id)      -- one vote per user per post; changing it is an UPDATE (or upsert)
);
CREATE INDEX idx_feedback_votes_user ON user_feedback_votes (user_id);

CREATE TABLE public.user_feedback_reports (
	id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	feedback_id   uuid NOT NULL REFERENCES user_feedback(id) ON DELETE CASCADE,
	user_id       uuid REFERENCES auth.users(id) ON DELETE SET NULL,
	reason        text NOT NULL CHECK (reason IN (
		'spam', 'offensive', 'confidential', 'names_interviewer', 'inaccurate', 'off_topic', 'other')),
	details       text CHECK (length(details) <= 2000),
	status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
	resolved_by   uuid REFERENCES auth.users(id) ON DELETE SET NULL,
	resolved_at   timestamptz,
	created_at    timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT unique_report_per_user UNIQUE (feedback_id, user_id),
	CONSTRAINT check_other_has_details CHECK (reason <> 'other' OR length(coalesce(details, '')) > 0)
);
CREATE INDEX idx_feedback_reports_open ON user_feedback_reports (created_at) WHERE status = 'open';
CREATE INDEX idx_feedback_reports_user ON user_feedback_reports (user_id);

CREATE TRIGGER trg_user_feedback_updated_at BEFORE UPDATE ON user_feedback
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER trg_feedback_votes_updated_at BEFORE UPDATE ON user_feedback_votes
	FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();

-- Authors cannot moderate or count: on insert a post starts pending (published at once when the
-- author already has two published, never-hidden posts); on update the moderation fields and
-- counters keep their values unless an admin (or the owner, e.g. a counting trigger) changes them.
CREATE FUNCTION app.user_feedback_guard() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
	trusted boolean;
BEGIN
	IF auth.is_admin() OR app.is_privileged() THEN
		IF NEW.moderation_status = 'published' AND NEW.published_at IS NULL THEN
			NEW.published_at := now();
		END IF;
		RETURN NEW;
	END IF;
	IF TG_OP = 'INSERT' THEN
		SELECT count(*) >= 2 INTO trusted FROM app.author_history(NEW.user_id);
		NEW.moderation_status := CASE WHEN trusted THEN 'published' ELSE 'pending' END;
		NEW.published_at := CASE WHEN trusted THEN now() END;
		NEW.hidden_reason := NULL;
		NEW.moderated_by := NULL;
		NEW.moderated_at := NULL;
		NEW.helpful_count := 0;
		NEW.outdated_count := 0;
		NEW.report_count := 0;
		NEW.is_verified := false;
	ELSE
		NEW.moderation_status := OLD.moderation_status;
		NEW.published_at := OLD.published_at;
		NEW.hidden_reason := OLD.hidden_reason;
		NEW.moderated_by := OLD.moderated_by;
		NEW.moderated_at := OLD.moderated_at;
		NEW.helpful_count := OLD.helpful_count;
		NEW.outdated_count := OLD.outdated_count;
		NEW.report_count := OLD.report_count;
		NEW.is_verified := OLD.is_verified;
		NEW.user_id := OLD.user_id;
	END IF;
	RETURN NEW;
END;
$$;

-- Published, never-hidden posts of an author (reads past RLS, returns ids only).
CREATE FUNCTION app.author_history(p_user_id uuid) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
	SELECT f.id FROM user_feedback f
	WHERE f.user_id = p_user_id AND f.moderation_status = 'published' AND f.hidden_reason IS NULL
$$;

CREATE TRIGGER trg_user_feedback_guard BEFORE INSERT OR UPDATE ON user_feedback
	FOR EACH ROW EXECUTE FUNCTION app.user_feedback_guard();

-- Vote and report counters. Voters cannot update other people's posts, so this runs as the owner.
CREATE FUNCTION app.user_feedback_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, app, auth
AS $$
DECLARE
	fid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.feedback_id ELSE NEW.feedback_id END;
BEGIN
	IF TG_TABLE_NAME = 'user_feedback_votes' THEN
		UPDATE user_feedback f SET
			helpful_count  = (SELECT count(*) FROM user_feedback_votes v WHERE v.feedback_id = fid AND v.vote = 'helpful'),
			outdated_count = (SELECT count(*) FROM user_feedback_votes v WHERE v.feedback_id = fid AND v.vote = 'outdated')
		WHERE f.id = fid;
	ELSE
		UPDATE user_feedback f SET
			report_count = (SELECT count(*) FROM user_feedback_reports r WHERE r.feedback_id = fid AND r.status <> 'dismissed')
		WHERE f.id = fid;
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER trg_feedback_votes_count AFTER INSERT OR UPDATE OR DELETE ON user_feedback_votes
	FOR EACH ROW EXECUTE FUNCTION app.user_feedback_counts();
CREATE TRIGGER trg_feedback_reports_count AFTER INSERT OR UPDATE OF status OR DELETE ON user_feedback_reports
	FOR EACH ROW EXECUTE FUNCTION app.user_feedback_counts();

-- Row-level security.
ALTER TABLE user_feedback ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_read_feedback ON user_feedback FOR SELECT
	USING ((moderation_status = 'published' AND is_public)
	       OR user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
CREATE POLICY users_create_feedback ON user_feedback FOR INSERT
	WITH CHECK ((user_id = (SELECT auth.uid())) OR (SELECT auth.is_admin()));
CREATE POLICY users_edit_own_feedback ON user_feedback FOR UPDATE
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
CREATE POLICY users_delete_own_feedback ON user_feedback FOR DELETE
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));

-- Votes are private to the voter (the counts are public on the post); one can vote only on a
-- post one can see, and not on one's own.
ALTER TABLE user_feedback_votes ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_votes ON user_feedback_votes FOR ALL
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	WITH CHECK ((user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()))
	            AND EXISTS (SELECT 1 FROM user_feedback f WHERE f.id = feedback_id
	                        AND f.moderation_status = 'published' AND f.user_id IS DISTINCT FROM user_feedback_votes.user_id));

ALTER TABLE user_feedback_reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own_reports ON user_feedback_reports FOR SELECT
	USING (user_id = (SELECT auth.uid()) OR (SELECT auth.is_admin()));
CREATE POLICY users_file_reports ON user_feedback_reports FOR INSERT
	WITH CHECK (user_id = (SELECT auth.uid())
	            AND status = 'open' AND resolved_by IS NULL
	            AND EXISTS (SELECT 1 FROM user_feedback f WHERE f.id = feedback_id));
CREATE POLICY admin_resolve_reports ON user_feedback_reports FOR UPDATE
	USING ((SELECT auth.is_admin())) WITH CHECK ((SELECT auth.is_admin()));
CREATE POLICY admin_delete_reports ON user_feedback_reports FOR DELETE
	USING ((SELECT auth.is_admin()));

GRANT SELECT, INSERT, UPDATE, DELETE ON user_feedback, user_feedback_votes, user_feedback_reports TO preptalk_app;
GRANT EXECUTE ON FUNCTION app.author_history(uuid) TO preptalk_app;
