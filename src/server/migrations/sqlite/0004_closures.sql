-- Each closing of a survey: how many responses it froze and their digest
-- (domain::digest). The latest row is the frozen set; reopening and closing again adds one.
CREATE TABLE closures (
    survey_id  TEXT NOT NULL REFERENCES surveys (id),
    closed_at  INTEGER NOT NULL,
    responses  INTEGER NOT NULL,
    digest     TEXT NOT NULL,
    PRIMARY KEY (survey_id, closed_at)
) WITHOUT ROWID;
