-- A secret ballot keeps no time and no order (docs/trust.md).
--
-- Ballots are stored in `responses` with an id drawn by the server (never the member's
-- submission id), the vote's date instead of an arrival time, no channel, and a random
-- rowid, so neither the table nor its index keeps the order of arrival. The member's
-- submission id lives here, apart, only so that a retry is stored once: nothing links it
-- to the ballot it brought.
CREATE TABLE ballot_receipts (
    id         TEXT PRIMARY KEY,
    survey_id  TEXT NOT NULL REFERENCES surveys (id)
) WITHOUT ROWID;

-- Paper ballots are a count, not a mark on a ballot; 应到/实到 and that count are frozen
-- with the responses at close.
ALTER TABLE ballot_attendance ADD COLUMN paper INTEGER NOT NULL DEFAULT 0 CHECK (paper >= 0);
ALTER TABLE closures ADD COLUMN members INTEGER;
ALTER TABLE closures ADD COLUMN present INTEGER;
ALTER TABLE closures ADD COLUMN paper INTEGER;

-- Ballots stored before this migration: count the paper ones, keep the submission ids
-- apart, then forget which ballots were on paper, when they arrived, in what order and
-- under which id. (Reviews of ballot comments refer to the old ids and are dropped: a
-- comment is reviewed again.)
UPDATE ballot_attendance SET paper = (
    SELECT COUNT(*) FROM responses r
    WHERE r.survey_id = ballot_attendance.survey_id AND r.channel = 'paper'
);
INSERT INTO ballot_receipts (id, survey_id)
SELECT id, survey_id FROM responses
WHERE survey_id IN (SELECT id FROM surveys WHERE json_extract(definition, '$.kind') = 'ballot');
DELETE FROM text_reviews WHERE response_id IN (
    SELECT r.id FROM responses r JOIN surveys s ON s.id = r.survey_id
    WHERE json_extract(s.definition, '$.kind') = 'ballot'
);
UPDATE responses
SET id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
        || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1)
        || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
    received_at = received_at - ((received_at + 28800000) % 86400000),
    channel = NULL,
    rowid = abs(random())
WHERE survey_id IN (SELECT id FROM surveys WHERE json_extract(definition, '$.kind') = 'ballot');
