namespace Egress.Airlock.Storage;

/// <summary>
/// The schema as numbered migrations; schema_version holds the last one applied. Times are milliseconds
/// since 1970 (UTC) and flags 0/1 in BIGINT columns, so the same statements read them on both dialects.
/// </summary>
internal static class Schema
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static IReadOnlyList<IReadOnlyList<string>> Migrations(SqlDialect d) =>
    [
        // 1: everything the airlock keeps.
        [
            $"CREATE TABLE users (id {d.IdColumn}, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, role TEXT NOT NULL, active BIGINT NOT NULL, password_hash TEXT NOT NULL, created BIGINT NOT NULL)",
            $"CREATE TABLE projects (id {d.IdColumn}, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL, created BIGINT NOT NULL)",
            "CREATE TABLE memberships (project_id BIGINT NOT NULL REFERENCES projects(id), user_id BIGINT NOT NULL REFERENCES users(id), since BIGINT NOT NULL, PRIMARY KEY (project_id, user_id))",
            $"CREATE TABLE api_tokens (id {d.IdColumn}, user_id BIGINT NOT NULL REFERENCES users(id), name TEXT NOT NULL, prefix TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created BIGINT NOT NULL, revoked BIGINT NULL)",
            $"CREATE TABLE requests (id {d.IdColumn}, project_id BIGINT NOT NULL REFERENCES projects(id), requester_id BIGINT NOT NULL REFERENCES users(id), description TEXT NOT NULL, state TEXT NOT NULL, revision BIGINT NOT NULL, created BIGINT NOT NULL, updated BIGINT NOT NULL)",
            "CREATE INDEX requests_state ON requests (state, updated)",
            "CREATE INDEX requests_requester ON requests (requester_id, id)",
            $"CREATE TABLE request_files (id {d.IdColumn}, request_id BIGINT NOT NULL REFERENCES requests(id), revision BIGINT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, bytes BIGINT NOT NULL, state TEXT NOT NULL, verdict TEXT NULL, report_json TEXT NULL, approvals_needed BIGINT NOT NULL, uploaded BIGINT NOT NULL, created BIGINT NOT NULL, decided BIGINT NULL)",
            "CREATE INDEX request_files_request ON request_files (request_id, revision)",
            "CREATE INDEX request_files_created ON request_files (created)",
            $"CREATE TABLE votes (id {d.IdColumn}, file_id BIGINT NOT NULL REFERENCES request_files(id), checker_id BIGINT NOT NULL REFERENCES users(id), decision TEXT NOT NULL, comment TEXT NOT NULL, at BIGINT NOT NULL, UNIQUE (file_id, checker_id))",
            $"CREATE TABLE check_jobs (id {d.IdColumn}, file_id BIGINT NOT NULL REFERENCES request_files(id), state TEXT NOT NULL, attempts BIGINT NOT NULL, lease_owner TEXT NULL, lease_until BIGINT NULL, created BIGINT NOT NULL, finished BIGINT NULL)",
            "CREATE INDEX check_jobs_state ON check_jobs (state, id)",
            $"CREATE TABLE exposure (project_id BIGINT PRIMARY KEY REFERENCES projects(id), bits {d.BlobType} NOT NULL, participants BIGINT NOT NULL, updated BIGINT NOT NULL)",
            $"CREATE TABLE table_counts (id {d.IdColumn}, project_id BIGINT NOT NULL REFERENCES projects(id), file_id BIGINT NOT NULL REFERENCES request_files(id), table_id TEXT NOT NULL, signature TEXT NOT NULL, cells TEXT NOT NULL, released BIGINT NULL)",
            "CREATE INDEX table_counts_signature ON table_counts (project_id, signature)",
            "CREATE INDEX table_counts_file ON table_counts (file_id)",
            "CREATE TABLE audit_events (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, details_json TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
            .. d.AppendOnlyTriggers("audit_events"),
            // The chain's head: one row, locked by every append so appends form one line.
            "CREATE TABLE audit_head (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)",
            $"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '{GenesisHash}')",
        ],
        // 2: exposure history for the daily report — when each file was checked and how many participants it
        // added to its project's exposure, so a day's growth (and the requests behind it) can be read back.
        [
            "ALTER TABLE request_files ADD COLUMN checked BIGINT NULL",
            "ALTER TABLE request_files ADD COLUMN exposure_added BIGINT NULL",
            "CREATE INDEX request_files_checked ON request_files (checked)",
        ],
        // 3: accounts in production. security_stamp is carried by each session cookie and bumped on a password change,
        // reset or deactivation, which ends every session issued before; must_change_password holds a user at the
        // change-password page after an administrator set their password. Existing users keep their password.
        [
            "ALTER TABLE users ADD COLUMN security_stamp BIGINT NOT NULL DEFAULT 1",
            "ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0",
        ],
        // 4: API tokens expire (airlock.apiTokenDays from creation; a token made before this version counts from its
        // creation too) and show when they were last used.
        [
            "ALTER TABLE api_tokens ADD COLUMN expires BIGINT NULL",
            "ALTER TABLE api_tokens ADD COLUMN last_used BIGINT NULL",
        ],
    ];
}
