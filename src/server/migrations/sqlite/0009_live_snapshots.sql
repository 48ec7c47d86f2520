-- A snapshot of a survey's live table (services/live.rs, domain::results::snapshot), so a
-- restart reads it and only the responses stored after it instead of parsing every stored
-- response again. Whatever does not match the responses (another codebook, other counts)
-- is ignored and the table rebuilt from them; losing this table loses nothing.
--
-- Never kept for a secret ballot: snapshots taken one after another would tell which
-- ballots came between them (docs/trust.md#the-secret-ballot).
CREATE TABLE live_snapshots (
    survey_id         TEXT PRIMARY KEY REFERENCES surveys (id),
    -- The last response it holds, in the order the table loads them (received_at, rowid):
    -- the responses after it are read on start-up.
    last_received_at  INTEGER NOT NULL,
    last_rowid        INTEGER NOT NULL,
    responses         INTEGER NOT NULL,
    data              BLOB NOT NULL
);
