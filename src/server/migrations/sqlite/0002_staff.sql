-- Staff accounts, sign-in sessions and ballot attendance.

CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    -- argon2id PHC string: algorithm, parameters, salt and hash together.
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'staff', 'admin')),
    created_at    INTEGER NOT NULL
);

-- Only a SHA-256 of each session token is kept: a copy of the database signs no one in.
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- 应到 and 实到 of a ballot, entered by staff.
CREATE TABLE ballot_attendance (
    survey_id  TEXT PRIMARY KEY REFERENCES surveys (id),
    members    INTEGER NOT NULL CHECK (members >= 0),
    present    INTEGER NOT NULL CHECK (present >= 0 AND present <= members),
    updated_at INTEGER NOT NULL
);
