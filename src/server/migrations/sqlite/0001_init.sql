-- Survey definitions and their lifecycle state.
CREATE TABLE surveys (
    id          TEXT PRIMARY KEY,
    definition  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'published')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- One row per acknowledged response. The id is made by the browser, so a retry of the
-- same submission finds its first row instead of adding a second one.
CREATE TABLE responses (
    id           TEXT PRIMARY KEY,
    survey_id    TEXT NOT NULL REFERENCES surveys (id),
    answers      TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    channel      TEXT
);
CREATE INDEX responses_by_survey ON responses (survey_id, received_at);

-- One-time codes, stored only as hashes. Deliberately no link to a response and no
-- spending time: nothing here can tell whose ballot is whose.
CREATE TABLE access_codes (
    survey_id  TEXT NOT NULL REFERENCES surveys (id),
    code_hash  BLOB NOT NULL,
    spent      INTEGER NOT NULL DEFAULT 0 CHECK (spent IN (0, 1)),
    PRIMARY KEY (survey_id, code_hash)
) WITHOUT ROWID;
