using System.Text.RegularExpressions;
using Dapper;
using Egress.Airlock.Audit;
using Egress.Airlock.Storage;
using Egress.Core;

namespace Egress.Airlock;

// Sign-in, tokens, users, projects, memberships, the policy and the audit log.
public sealed partial class AirlockService
{
    private static readonly Regex UsernamePattern = new("^[a-z][a-z0-9._-]{1,31}$", RegexOptions.CultureInvariant);
    private static readonly Regex ProjectPattern = new("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$", RegexOptions.CultureInvariant);
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 200;
    private string? _decoy;

    /// <summary>A hash verified for an unknown username, as costly as a real account's (made once, on first use).</summary>
    private string Decoy => _decoy ??= PasswordHasher.Hash("decoy password " + Guid.NewGuid().ToString("N"), Options.PasswordIterations);

    /// <summary>The actor for a username and password, or null (wrong password, unknown or inactive user). Audited.</summary>
    public async Task<Actor?> SignInAsync(string username, string password, CancellationToken ct = default) =>
        (await StartSessionAsync(username, password, ct))?.Actor;

    /// <summary>
    /// A session for a username and password (with the account's security stamp, and whether the password must be
    /// changed first), or null (wrong password, unknown or inactive user). Audited.
    /// </summary>
    public async Task<Session?> StartSessionAsync(string username, string password, CancellationToken ct = default)
    {
        var user = await Database.ReadAsync(c => c.QuerySingleOrDefaultAsync<UserRow>(
            $"SELECT {UserRow.Columns} FROM users WHERE username = @username", new { username }), ct);
        // An unknown user costs the same work as a wrong password: the decoy has the iterations new hashes get.
        // An account whose stored role this version does not know cannot sign in (nor use a token or a session).
        var ok = PasswordHasher.Verify(password, user?.PasswordHash ?? Decoy) && user is { Active: not 0 } && Enum.IsDefined(user.RoleValue);
        // Failures are not written one by one (a flood would fill the log): the web host records them as counts per
        // window (RecordFailedSignInsAsync).
        if (!ok) return null;
        await Database.WriteAsync((c, tx) => Audit.AppendAsync(c, tx, AuditName(user!.ToActor()), "sign-in", $"user/{user!.Id}", new { username = user.Username }), ct);
        return user!.ToSession();
    }

    /// <summary>
    /// A session cookie's user, or null when the account is inactive or its security stamp moved on since the
    /// session began (a password change, reset or deactivation): such a session ends.
    /// </summary>
    public async Task<Session?> ResumeSessionAsync(long userId, long securityStamp, CancellationToken ct = default)
    {
        var user = await Database.ReadAsync(c => c.QuerySingleOrDefaultAsync<UserRow>(
            $"SELECT {UserRow.Columns} FROM users WHERE id = @userId AND active = 1 AND security_stamp = @securityStamp", new { userId, securityStamp }), ct);
        return user is not null && Enum.IsDefined(user.RoleValue) ? user.ToSession() : null;
    }

    /// <summary>The actor for a bearer token, or null (unknown, revoked, its user inactive or not yet past a forced password change).</summary>
    public async Task<Actor?> AuthenticateTokenAsync(string token, CancellationToken ct = default)
    {
        if (!token.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal) || token.Length > 100) return null;
        var now = NowMs;
        var found = await Database.ReadAsync(c => c.QuerySingleOrDefaultAsync<(long TokenId, long? LastUsed, long UserId)>(
            "SELECT t.id, t.last_used, u.id FROM api_tokens t JOIN users u ON u.id = t.user_id " +
            "WHERE t.token_hash = @hash AND t.revoked IS NULL AND COALESCE(t.expires, t.created + @maxAge) > @now " +
            "AND u.active = 1 AND u.must_change_password = 0", new { hash = ApiTokens.HashOf(token), now, maxAge = TokenMaxAgeMs }), ct);
        if (found.TokenId == 0) return null;
        // "Last used" to within a minute: one write a minute per token, not one per call.
        if (found.LastUsed is null || found.LastUsed < now - 60_000)
            await Database.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE api_tokens SET last_used = @now WHERE id = @id", new { now, id = found.TokenId }, tx), ct);
        var user = await Database.ReadAsync(c => c.QuerySingleOrDefaultAsync<UserRow>($"SELECT {UserRow.Columns} FROM users WHERE id = @id", new { id = found.UserId }), ct);
        return user is not null && Enum.IsDefined(user.RoleValue) ? user.ToActor() : null;
    }

    /// <summary>
    /// Failed sign-ins from one client address in one window, as one audit event: how many, and (bounded) the
    /// usernames tried — never the passwords.
    /// </summary>
    public async Task RecordFailedSignInsAsync(string address, DateTimeOffset from, DateTimeOffset to, int failures, int distinctUsernames,
        IReadOnlyList<string> someUsernames, CancellationToken ct = default)
    {
        var usernames = someUsernames.Take(10).Select(u => Bounded(u, 64)).ToList();
        await Database.WriteAsync((c, tx) => Audit.AppendAsync(c, tx, "anonymous", "sign-in.failed", $"address/{Bounded(address, 64)}",
            new { from, to, failures, distinctUsernames, usernames }), ct);
    }

    private long TokenMaxAgeMs => Policy.Airlock.ApiTokenDays * 86_400_000L;

    /// <summary>
    /// Signs out: the account's security stamp moves on, so this session cookie — and any copy of it, in any browser —
    /// no longer works (every session of the account ends; API tokens stay). Audited.
    /// </summary>
    public async Task SignOutAsync(long userId, long securityStamp, CancellationToken ct = default) =>
        await Database.WriteAsync(async (c, tx) =>
        {
            var user = await c.QuerySingleOrDefaultAsync<UserRow>($"SELECT {UserRow.Columns} FROM users WHERE id = @userId AND security_stamp = @securityStamp",
                new { userId, securityStamp }, tx);
            if (user is null) return; // Already ended (another sign-out, a reset): nothing to record.
            await c.ExecuteAsync("UPDATE users SET security_stamp = security_stamp + 1 WHERE id = @userId", new { userId }, tx);
            await AuditAsync(c, tx, user.ToActor(), "sign-out", $"user/{userId}");
        }, ct);

    /// <summary>The actor for a user id still active (a cookie's user), or null.</summary>
    public async Task<Actor?> FindActorAsync(long userId, CancellationToken ct = default)
    {
        var user = await Database.ReadAsync(c => c.QuerySingleOrDefaultAsync<UserRow>(
            $"SELECT {UserRow.Columns} FROM users WHERE id = @userId AND active = 1", new { userId }), ct);
        return user?.ToActor();
    }

    /// <summary>A user's account: oneself, or anyone for admins and auditors.</summary>
    public async Task<User> GetUserAsync(Actor actor, long userId, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor);
            if (me.Id != userId && me.RoleValue is not (Role.Admin or Role.Auditor)) throw new AccessDeniedException("you may only see your own account");
            var user = await c.QuerySingleOrDefaultAsync<UserRow>($"SELECT {UserRow.Columns} FROM users WHERE id = @userId", new { userId })
                       ?? throw new NotFoundException($"no user {userId}");
            return user.ToUser();
        }, ct);

    /// <summary>A new token for the actor; the token text is returned once and only its hash is kept.</summary>
    public async Task<NewApiToken> CreateTokenAsync(Actor actor, string name, CancellationToken ct = default)
    {
        name = RequireText(name, "token name", 100);
        var token = ApiTokens.NewToken();
        return await Database.WriteAsync(async (c, tx) =>
        {
            var me = await RequireAsync(c, tx, actor);
            var created = NowMs;
            var prefix = ApiTokens.DisplayPrefix(token);
            var expires = created + TokenMaxAgeMs;
            var id = await c.ExecuteScalarAsync<long>(
                "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created, expires) VALUES (@user, @name, @prefix, @hash, @created, @expires) RETURNING id",
                new { user = me.Id, name, prefix, hash = ApiTokens.HashOf(token), created, expires }, tx);
            await AuditAsync(c, tx, actor, "token.created", $"user/{me.Id}/token/{id}", new { name, prefix, expires = Ms.At(expires) });
            return new NewApiToken(new ApiTokenInfo(id, me.Id, name, prefix, Ms.At(created), null, Ms.At(expires), null), token);
        }, ct);
    }

    /// <summary>The actor's tokens (an admin: every token), newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(Actor actor, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor);
            var all = me.RoleValue == Role.Admin;
            var rows = await c.QueryAsync<TokenRow>(
                $"SELECT {TokenRow.Columns(TokenMaxAgeMs)} FROM api_tokens WHERE @all = 1 OR user_id = @id ORDER BY id DESC",
                new { all = all ? 1 : 0, id = me.Id });
            return (IReadOnlyList<ApiTokenInfo>)rows.Select(r => r.ToInfo()).ToList();
        }, ct);

    /// <summary>Revokes one of the actor's tokens (an admin: anyone's).</summary>
    public async Task RevokeTokenAsync(Actor actor, long tokenId, CancellationToken ct = default) =>
        await Database.WriteAsync(async (c, tx) =>
        {
            var me = await RequireAsync(c, tx, actor);
            var owner = await c.ExecuteScalarAsync<long?>("SELECT user_id FROM api_tokens WHERE id = @tokenId", new { tokenId }, tx)
                        ?? throw new NotFoundException($"no token {tokenId}");
            if (owner != me.Id && me.RoleValue != Role.Admin) throw new NotFoundException($"no token {tokenId}");
            await c.ExecuteAsync("UPDATE api_tokens SET revoked = @now WHERE id = @tokenId AND revoked IS NULL", new { now = NowMs, tokenId }, tx);
            await AuditAsync(c, tx, actor, "token.revoked", $"user/{owner}/token/{tokenId}");
        }, ct);

    /// <summary>
    /// Changes the actor's own password after checking the current one (the one step open to an account that must
    /// change its password). Every other session and every API token of the account ends with it; the returned
    /// session, with the new stamp, is the caller's own to carry on with.
    /// </summary>
    public async Task<Session> ChangePasswordAsync(Actor actor, string currentPassword, string newPassword, CancellationToken ct = default)
    {
        if (actor.IsSystem) throw new InvalidInputException("the system has no password");
        RequirePassword(newPassword, actor.Username);
        var hash = PasswordHasher.Hash(newPassword, Options.PasswordIterations);
        return await Database.WriteAsync(async (c, tx) =>
        {
            // Not RequireAsync: it refuses an account that must change its password, and this is how it does.
            var me = await c.QuerySingleOrDefaultAsync<UserRow>($"SELECT {UserRow.Columns} FROM users WHERE id = @id", new { id = actor.UserId }, tx);
            if (me is null || me.Active == 0) throw new AccessDeniedException("your account is not active");
            if (!PasswordHasher.Verify(currentPassword, me.PasswordHash)) throw new WrongPasswordException("the current password is wrong");
            if (PasswordHasher.Verify(newPassword, me.PasswordHash)) throw new InvalidInputException("the new password is the same as the current one");
            await c.ExecuteAsync("UPDATE users SET password_hash = @hash, must_change_password = 0 WHERE id = @id", new { hash, id = me.Id }, tx);
            var (stamp, revoked) = await EndSessionsAsync(c, tx, me.Id);
            await AuditAsync(c, tx, actor, "user.password-changed", $"user/{me.Id}", new { tokensRevoked = revoked });
            return new Session(me.ToActor(), stamp, false);
        }, ct);
    }

    /// <summary>
    /// Bumps the account's security stamp (every session issued before it ends) and revokes its API tokens, in the
    /// caller's transaction: after a password change, reset or deactivation nothing issued earlier still works.
    /// </summary>
    private async Task<(long Stamp, int TokensRevoked)> EndSessionsAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long userId)
    {
        await c.ExecuteAsync("UPDATE users SET security_stamp = security_stamp + 1 WHERE id = @userId", new { userId }, tx);
        var stamp = await c.ExecuteScalarAsync<long>("SELECT security_stamp FROM users WHERE id = @userId", new { userId }, tx);
        var revoked = await c.ExecuteAsync("UPDATE api_tokens SET revoked = @now WHERE user_id = @userId AND revoked IS NULL", new { now = NowMs, userId }, tx);
        return (stamp, revoked);
    }

    // ---- Admins: users, projects, memberships ----

    public async Task<IReadOnlyList<User>> ListUsersAsync(Actor actor, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            await RequireAsync(c, null, actor, Role.Admin, Role.Auditor);
            return (IReadOnlyList<User>)(await c.QueryAsync<UserRow>($"SELECT {UserRow.Columns} FROM users ORDER BY username")).Select(u => u.ToUser()).ToList();
        }, ct);

    /// <summary>A new account (admins). With <paramref name="mustChangePassword"/> the user changes the password at first sign-in.</summary>
    public async Task<User> CreateUserAsync(Actor actor, string username, string displayName, Role role, string password, bool mustChangePassword = false,
        CancellationToken ct = default)
    {
        username = username.Trim();
        if (!UsernamePattern.IsMatch(username)) throw new InvalidInputException("a username is 2–32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter");
        if (IsReservedUsername(username)) throw new InvalidInputException($"the username {username} is reserved for the service");
        if (!Enum.IsDefined(role)) throw new InvalidInputException("unknown role");
        displayName = RequireText(displayName, "display name", 100);
        RequirePassword(password, username);
        var hash = PasswordHasher.Hash(password, Options.PasswordIterations);
        return await Database.WriteAsync(async (c, tx) =>
        {
            await RequireAsync(c, tx, actor, Role.Admin);
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE username = @username", new { username }, tx) > 0)
                throw new InvalidInputException($"the username {username} is taken");
            var id = await c.ExecuteScalarAsync<long>(
                "INSERT INTO users (username, display_name, role, active, password_hash, created, must_change_password) " +
                "VALUES (@username, @displayName, @role, 1, @hash, @now, @mustChange) RETURNING id",
                new { username, displayName, role = role.ToString(), hash, now = NowMs, mustChange = mustChangePassword ? 1 : 0 }, tx);
            await AuditAsync(c, tx, actor, "user.created", $"user/{id}", new { username, role = role.ToString(), mustChangePassword });
            return new User(id, username, displayName, role, true, mustChangePassword);
        }, ct);
    }

    public async Task SetUserActiveAsync(Actor actor, long userId, bool active, CancellationToken ct = default) =>
        await Database.WriteAsync(async (c, tx) =>
        {
            var me = await RequireAsync(c, tx, actor, Role.Admin);
            if (me.Id == userId && !active) throw new InvalidInputException("you cannot deactivate your own account");
            if (await c.ExecuteAsync("UPDATE users SET active = @a WHERE id = @userId", new { a = active ? 1 : 0, userId }, tx) == 0)
                throw new NotFoundException($"no user {userId}");
            // A deactivated account's sessions and tokens end for good: reactivating it does not bring them back.
            var revoked = active ? 0 : (await EndSessionsAsync(c, tx, userId)).TokensRevoked;
            await AuditAsync(c, tx, actor, active ? "user.activated" : "user.deactivated", $"user/{userId}", active ? null : new { tokensRevoked = revoked });
        }, ct);

    /// <summary>
    /// An administrator sets someone's password (a reset). Every session and API token of the account ends; with
    /// <paramref name="mustChange"/> (a reset, unlike the demo's seeding) the user changes it at next sign-in.
    /// </summary>
    public async Task SetPasswordAsync(Actor actor, long userId, string password, bool mustChange = true, CancellationToken ct = default)
    {
        RequirePassword(password);
        var hash = PasswordHasher.Hash(password, Options.PasswordIterations);
        await Database.WriteAsync(async (c, tx) =>
        {
            await RequireAsync(c, tx, actor, Role.Admin);
            if (await c.ExecuteAsync("UPDATE users SET password_hash = @hash, must_change_password = @mustChange WHERE id = @userId",
                    new { hash, userId, mustChange = mustChange ? 1 : 0 }, tx) == 0)
                throw new NotFoundException($"no user {userId}");
            var (_, revoked) = await EndSessionsAsync(c, tx, userId);
            await AuditAsync(c, tx, actor, "user.password-set", $"user/{userId}", new { mustChange, tokensRevoked = revoked });
        }, ct);
    }

    /// <summary>Projects the actor belongs to (researchers), or every project (other roles).</summary>
    public async Task<IReadOnlyList<Project>> MyProjectsAsync(Actor actor, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            var me = await RequireAsync(c, null, actor);
            var rows = me.RoleValue == Role.Researcher
                ? await c.QueryAsync<ProjectRow>("SELECT p.id, p.name, p.description, p.created FROM projects p JOIN memberships m ON m.project_id = p.id WHERE m.user_id = @id ORDER BY p.name", new { id = me.Id })
                : await c.QueryAsync<ProjectRow>("SELECT id, name, description, created FROM projects ORDER BY name");
            return (IReadOnlyList<Project>)rows.Select(p => p.ToProject()).ToList();
        }, ct);

    /// <summary>Every project (admins, checkers, auditors).</summary>
    public async Task<IReadOnlyList<Project>> ListProjectsAsync(Actor actor, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            await RequireAsync(c, null, actor, Role.Admin, Role.Checker, Role.Auditor);
            return (IReadOnlyList<Project>)(await c.QueryAsync<ProjectRow>("SELECT id, name, description, created FROM projects ORDER BY name"))
                .Select(p => p.ToProject()).ToList();
        }, ct);

    /// <summary>A project; its name must be a project of the cohort index (that is what its exports are checked against).</summary>
    public async Task<Project> CreateProjectAsync(Actor actor, string name, string description, CancellationToken ct = default)
    {
        name = name.Trim();
        if (!ProjectPattern.IsMatch(name)) throw new InvalidInputException("a project name is 1–32 letters, digits, '.', '_' or '-'");
        description = Bounded(description ?? "", 1000);
        if (Index is null) throw new InvalidInputException("the airlock has no cohort index yet: build DATA/index first");
        if (Index.ProjectNumber(name) < 0)
            throw new InvalidInputException($"project {name} is not in the cohort index (it has {string.Join(", ", Index.Projects.Select(p => p.Name))})");
        return await Database.WriteAsync(async (c, tx) =>
        {
            await RequireAsync(c, tx, actor, Role.Admin);
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM projects WHERE name = @name", new { name }, tx) > 0)
                throw new InvalidInputException($"project {name} exists already");
            var now = NowMs;
            var id = await c.ExecuteScalarAsync<long>("INSERT INTO projects (name, description, created) VALUES (@name, @description, @now) RETURNING id",
                new { name, description, now }, tx);
            // The exposure row exists from the start, so every later update can lock it.
            await c.ExecuteAsync("INSERT INTO exposure (project_id, bits, participants, updated) VALUES (@id, @bits, 0, @now)",
                new { id, bits = Array.Empty<byte>(), now }, tx);
            await AuditAsync(c, tx, actor, "project.created", $"project/{id}", new { name });
            return new Project(id, name, description, Ms.At(now));
        }, ct);
    }

    public async Task<IReadOnlyList<Membership>> ListMembershipsAsync(Actor actor, string? project = null, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            await RequireAsync(c, null, actor, Role.Admin, Role.Auditor);
            var rows = await c.QueryAsync<MembershipRow>(
                "SELECT m.project_id, p.name AS project, m.user_id, u.username, m.since FROM memberships m JOIN projects p ON p.id = m.project_id " +
                "JOIN users u ON u.id = m.user_id WHERE @project IS NULL OR p.name = @project ORDER BY p.name, u.username", new { project });
            return (IReadOnlyList<Membership>)rows.Select(m => new Membership(m.ProjectId, m.Project, m.UserId, m.Username, Ms.At(m.Since))).ToList();
        }, ct);

    /// <summary>Adds a researcher (or a checker, who then never reviews that project) to a project.</summary>
    public async Task AddMemberAsync(Actor actor, string project, long userId, CancellationToken ct = default) =>
        await Database.WriteAsync(async (c, tx) =>
        {
            await RequireAsync(c, tx, actor, Role.Admin);
            var projectId = await ProjectIdAsync(c, tx, project);
            var user = await c.QuerySingleOrDefaultAsync<UserRow>($"SELECT {UserRow.Columns} FROM users WHERE id = @userId", new { userId }, tx)
                       ?? throw new NotFoundException($"no user {userId}");
            if (user.RoleValue is not (Role.Researcher or Role.Checker)) throw new InvalidInputException("only researchers and checkers can be project members");
            if (await IsMemberAsync(c, tx, projectId, userId)) return;
            await c.ExecuteAsync("INSERT INTO memberships (project_id, user_id, since) VALUES (@projectId, @userId, @now)", new { projectId, userId, now = NowMs }, tx);
            await AuditAsync(c, tx, actor, "membership.added", $"project/{projectId}/user/{userId}", new { project, username = user.Username });
        }, ct);

    public async Task RemoveMemberAsync(Actor actor, string project, long userId, CancellationToken ct = default) =>
        await Database.WriteAsync(async (c, tx) =>
        {
            await RequireAsync(c, tx, actor, Role.Admin);
            var projectId = await ProjectIdAsync(c, tx, project);
            if (await c.ExecuteAsync("DELETE FROM memberships WHERE project_id = @projectId AND user_id = @userId", new { projectId, userId }, tx) == 0)
                throw new NotFoundException($"user {userId} is not a member of {project}");
            await AuditAsync(c, tx, actor, "membership.removed", $"project/{projectId}/user/{userId}", new { project });
        }, ct);

    /// <summary>The policy in force as JSON (admins, checkers and auditors).</summary>
    public string PolicyJson(Actor actor) => PolicyJsonAsync(actor).GetAwaiter().GetResult();

    public async Task<string> PolicyJsonAsync(Actor actor, CancellationToken ct = default)
    {
        await Database.ReadAsync(c => RequireAsync(c, null, actor, Role.Admin, Role.Checker, Role.Auditor), ct);
        return Policy.ToJson();
    }

    // ---- Auditors ----

    /// <summary>Audit events newest first, before a sequence number (null: from the newest), at most limit (auditors and admins).</summary>
    public async Task<AuditPage> AuditLogAsync(Actor actor, long? before = null, int limit = 100, CancellationToken ct = default) =>
        await Database.ReadAsync(async c =>
        {
            await RequireAsync(c, null, actor, Role.Auditor, Role.Admin);
            limit = Math.Clamp(limit, 1, 1000);
            var rows = (await c.QueryAsync<AuditRow>(
                "SELECT seq, at, actor, action, subject, details_json, prev_hash, hash FROM audit_events WHERE seq < @before ORDER BY seq DESC LIMIT @limit",
                new { before = before ?? long.MaxValue, limit = (long)limit })).Select(r => r.ToEvent()).ToList();
            long? next = rows.Count == limit && rows[^1].Seq > 1 ? rows[^1].Seq : null;
            return new AuditPage(rows, next);
        }, ct);

    /// <summary>Walks the whole chain (auditors and admins).</summary>
    public async Task<AuditVerification> VerifyAuditAsync(Actor actor, CancellationToken ct = default)
    {
        await Database.ReadAsync(c => RequireAsync(c, null, actor, Role.Auditor, Role.Admin), ct);
        return await AuditLog.VerifyAsync(Database, ct);
    }

    // ---- Input rules ----

    /// <summary>Names the audit log and the history use for the service and the operator (and look-alikes of them).</summary>
    private static readonly string[] ReservedUsernames = ["system", "anonymous", "unknown", "egress", "service", "operator"];

    internal static bool IsReservedUsername(string username)
    {
        var bare = username.Trim().ToLowerInvariant();
        return ReservedUsernames.Any(r => bare == r || bare.StartsWith(r + "-", StringComparison.Ordinal) || bare.StartsWith(r + ".", StringComparison.Ordinal)
                                          || bare.StartsWith(r + "_", StringComparison.Ordinal));
    }

    internal static async Task<long> ProjectIdAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, string project) =>
        await c.ExecuteScalarAsync<long?>("SELECT id FROM projects WHERE name = @project", new { project }, tx)
        ?? throw new NotFoundException($"no project {project}");

    /// <summary>The password rules, the same everywhere a password is set: 8 to 200 characters, not the username.</summary>
    private static void RequirePassword(string password, string? username = null)
    {
        if (password is null || password.Length < MinPasswordLength) throw new InvalidInputException($"a password has at least {MinPasswordLength} characters");
        if (password.Length > MaxPasswordLength) throw new InvalidInputException($"a password has at most {MaxPasswordLength} characters");
        if (username is not null && password.Trim().Equals(username.Trim(), StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException("a password may not be the username");
    }

    internal static string RequireText(string? text, string what, int max)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0) throw new InvalidInputException($"the {what} is empty");
        if (t.Length > max) throw new InvalidInputException($"the {what} is longer than {max} characters");
        return t;
    }

    private static string Bounded(string text, int max) => text.Length <= max ? text : text[..max];

    private sealed class MembershipRow
    {
        public long ProjectId { get; set; }
        public string Project { get; set; } = "";
        public long UserId { get; set; }
        public string Username { get; set; } = "";
        public long Since { get; set; }
    }
}
