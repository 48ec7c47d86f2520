-- Distribution and scheduling: time windows, channels, batches of one-time codes.

-- An open survey takes answers only inside its window, when one is set (ms since epoch).
ALTER TABLE surveys ADD COLUMN opens_at INTEGER;
ALTER TABLE surveys ADD COLUMN closes_at INTEGER;

-- Named channels (e.g. one per 乡镇): each gets its own link and QR code. Responses carry
-- the channel id; a channel nobody named is still counted, under its id.
CREATE TABLE channels (
    survey_id  TEXT NOT NULL REFERENCES surveys (id),
    id         TEXT NOT NULL,
    label      TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (survey_id, id)
) WITHOUT ROWID;

-- Each issue of one-time codes (a printed sheet).
CREATE TABLE code_batches (
    survey_id  TEXT NOT NULL REFERENCES surveys (id),
    batch      INTEGER NOT NULL,
    label      TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (survey_id, batch)
) WITHOUT ROWID;

-- Codes made before batches existed have none.
ALTER TABLE access_codes ADD COLUMN batch INTEGER;
-- A revoked code is refused; a spent code stays spent.
ALTER TABLE access_codes ADD COLUMN revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1));
