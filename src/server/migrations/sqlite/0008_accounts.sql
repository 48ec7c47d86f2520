-- Account administration: an admin disables and enables accounts and sets passwords, and a
-- session ends when unused for the idle limit or when the maximum age since sign-in has
-- passed (both settings of `manyi serve`, checked against the running server's values).

-- NULL while the account may sign in; otherwise when it was disabled.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
-- The last successful sign-in, for admins reviewing accounts.
ALTER TABLE users ADD COLUMN last_sign_in_at INTEGER;
UPDATE users SET last_sign_in_at = (
    SELECT MAX(at) FROM audit_log
    WHERE scope = '' AND action = 'sign_in' AND actor = users.username
);

-- Sessions keep when they began and when they were last used instead of a fixed expiry.
-- Sessions from before this migration are dropped: everyone signs in once more.
DROP TABLE sessions;
CREATE TABLE sessions (
    -- SHA-256 of the token: a copy of the database signs no one in.
    token_hash   BLOB PRIMARY KEY,
    username     TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (username);
