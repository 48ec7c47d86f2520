-- The whole schema on PostgreSQL, the same tables as the SQLite migrations leave behind
-- (../sqlite/, 0001 to 0010), written for PostgreSQL (docs/scale.md#how-the-sql-differs):
-- times in milliseconds are BIGINT; every text is COLLATE "C", so that ORDER BY is byte
-- order as in SQLite (the frozen digest sorts the answers); SQLite's rowid is an explicit
-- column of `responses`; the append-only rules are triggers that raise.

CREATE TABLE surveys (
    id          TEXT COLLATE "C" PRIMARY KEY,
    definition  TEXT COLLATE "C" NOT NULL,
    status      TEXT COLLATE "C" NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'published')),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    opens_at    BIGINT,
    closes_at   BIGINT
);

-- One row per acknowledged response, under the id the browser made. `rowid` is the load
-- order, given by the writer (storage::responses::next_rowid): from 1 up for responses, at
-- random below zero for ballots.
CREATE TABLE responses (
    rowid        BIGINT NOT NULL UNIQUE,
    id           TEXT COLLATE "C" PRIMARY KEY,
    survey_id    TEXT COLLATE "C" NOT NULL REFERENCES surveys (id),
    answers      TEXT COLLATE "C" NOT NULL,
    received_at  BIGINT NOT NULL,
    channel      TEXT COLLATE "C"
);
CREATE INDEX responses_by_survey ON responses (survey_id, received_at, rowid);

CREATE TABLE access_codes (
    survey_id  TEXT COLLATE "C" NOT NULL REFERENCES surveys (id),
    code_hash  BYTEA NOT NULL,
    spent      BIGINT NOT NULL DEFAULT 0 CHECK (spent IN (0, 1)),
    batch      BIGINT,
    revoked    BIGINT NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
    PRIMARY KEY (survey_id, code_hash)
);

CREATE TABLE users (
    username        TEXT COLLATE "C" PRIMARY KEY,
    password_hash   TEXT COLLATE "C" NOT NULL,
    role            TEXT COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'staff', 'admin')),
    created_at      BIGINT NOT NULL,
    disabled_at     BIGINT,
    last_sign_in_at BIGINT
);

CREATE TABLE sessions (
    token_hash   BYTEA PRIMARY KEY,
    username     TEXT COLLATE "C" NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (username);

CREATE TABLE ballot_attendance (
    survey_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES surveys (id),
    members    BIGINT NOT NULL CHECK (members >= 0),
    present    BIGINT NOT NULL CHECK (present >= 0 AND present <= members),
    updated_at BIGINT NOT NULL,
    paper      BIGINT NOT NULL DEFAULT 0 CHECK (paper >= 0)
);

CREATE TABLE audit_log (
    scope      TEXT COLLATE "C" NOT NULL,
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT COLLATE "C" NOT NULL,
    action     TEXT COLLATE "C" NOT NULL,
    detail     TEXT COLLATE "C" NOT NULL,
    prev_hash  TEXT COLLATE "C" NOT NULL,
    hash       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (scope, seq)
);

CREATE FUNCTION manyi_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0];
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION manyi_refuse('the audit log is append-only');
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION manyi_refuse('the audit log is append-only');
-- A row trigger does not see TRUNCATE, which would empty the log at once.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION manyi_refuse('the audit log is append-only');

CREATE TABLE closures (
    survey_id  TEXT COLLATE "C" NOT NULL REFERENCES surveys (id),
    closed_at  BIGINT NOT NULL,
    responses  BIGINT NOT NULL,
    digest     TEXT COLLATE "C" NOT NULL,
    members    BIGINT,
    present    BIGINT,
    paper      BIGINT,
    PRIMARY KEY (survey_id, closed_at)
);

CREATE TABLE publications (
    survey_id    TEXT COLLATE "C" PRIMARY KEY REFERENCES surveys (id),
    published_at BIGINT NOT NULL,
    publication  TEXT COLLATE "C" NOT NULL,
    data_head    TEXT COLLATE "C" NOT NULL,
    data_digest  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE public_records (
    survey_id TEXT COLLATE "C" NOT NULL REFERENCES publications (survey_id) DEFERRABLE INITIALLY DEFERRED,
    seq       BIGINT NOT NULL,
    record    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (survey_id, seq)
);

CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications
    FOR EACH ROW EXECUTE FUNCTION manyi_refuse('a publication is never changed');
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION manyi_refuse('a publication is never changed');
CREATE TRIGGER publications_no_truncate BEFORE TRUNCATE ON publications
    FOR EACH STATEMENT EXECUTE FUNCTION manyi_refuse('a publication is never changed');
CREATE TRIGGER public_records_no_update BEFORE UPDATE ON public_records
    FOR EACH ROW EXECUTE FUNCTION manyi_refuse('a publication is never changed');
CREATE TRIGGER public_records_no_delete BEFORE DELETE ON public_records
    FOR EACH ROW EXECUTE FUNCTION manyi_refuse('a publication is never changed');
CREATE TRIGGER public_records_no_truncate BEFORE TRUNCATE ON public_records
    FOR EACH STATEMENT EXECUTE FUNCTION manyi_refuse('a publication is never changed');

CREATE TABLE text_reviews (
    response_id TEXT COLLATE "C" NOT NULL REFERENCES responses (id),
    question_id TEXT COLLATE "C" NOT NULL,
    approved    BIGINT NOT NULL CHECK (approved IN (0, 1)),
    reviewer    TEXT COLLATE "C" NOT NULL,
    reviewed_at BIGINT NOT NULL,
    PRIMARY KEY (response_id, question_id)
);

CREATE TABLE channels (
    survey_id  TEXT COLLATE "C" NOT NULL REFERENCES surveys (id),
    id         TEXT COLLATE "C" NOT NULL,
    label      TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (survey_id, id)
);

CREATE TABLE code_batches (
    survey_id  TEXT COLLATE "C" NOT NULL REFERENCES surveys (id),
    batch      BIGINT NOT NULL,
    label      TEXT COLLATE "C" NOT NULL,
    created_by TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (survey_id, batch)
);

CREATE TABLE ballot_receipts (
    id         TEXT COLLATE "C" PRIMARY KEY,
    survey_id  TEXT COLLATE "C" NOT NULL REFERENCES surveys (id)
);

CREATE TABLE live_snapshots (
    survey_id         TEXT COLLATE "C" PRIMARY KEY REFERENCES surveys (id),
    last_received_at  BIGINT NOT NULL,
    last_rowid        BIGINT NOT NULL,
    responses         BIGINT NOT NULL,
    data              BYTEA NOT NULL
);
