-- What is published of a closed survey (domain::publication). Written once, in the same
-- transaction that marks the survey published; never changed afterwards.
CREATE TABLE publications (
    survey_id    TEXT PRIMARY KEY REFERENCES surveys (id),
    published_at INTEGER NOT NULL,
    -- The page's figures (JSON of domain::publication::Publication).
    publication  TEXT NOT NULL,
    -- data.json up to the first record; the records follow from public_records.
    data_head    TEXT NOT NULL,
    -- SHA-256 of data.json as served.
    data_digest  TEXT NOT NULL
);

-- The published records, shuffled: seq is the published order, unrelated to arrival.
CREATE TABLE public_records (
    -- Checked at commit: the records are written before the figures computed from them.
    survey_id TEXT NOT NULL REFERENCES publications (survey_id) DEFERRABLE INITIALLY DEFERRED,
    seq       INTEGER NOT NULL,
    record    TEXT NOT NULL,
    PRIMARY KEY (survey_id, seq)
) WITHOUT ROWID;

CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications
BEGIN
    SELECT RAISE(ABORT, 'a publication is never changed');
END;
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
BEGIN
    SELECT RAISE(ABORT, 'a publication is never changed');
END;
CREATE TRIGGER public_records_no_update BEFORE UPDATE ON public_records
BEGIN
    SELECT RAISE(ABORT, 'a publication is never changed');
END;
CREATE TRIGGER public_records_no_delete BEFORE DELETE ON public_records
BEGIN
    SELECT RAISE(ABORT, 'a publication is never changed');
END;

-- Staff decisions on free-text answers: only approved ones may be published.
CREATE TABLE text_reviews (
    response_id TEXT NOT NULL REFERENCES responses (id),
    question_id TEXT NOT NULL,
    approved    INTEGER NOT NULL CHECK (approved IN (0, 1)),
    reviewer    TEXT NOT NULL,
    reviewed_at INTEGER NOT NULL,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
