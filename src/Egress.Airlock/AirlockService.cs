using System.Data.Common;
using Dapper;
using Egress.Airlock.Audit;
using Egress.Airlock.Checking;
using Egress.Airlock.Storage;
using Egress.Core;
using Egress.Index;

namespace Egress.Airlock;

/// <summary>
/// Every operation of the airlock, for the web pages, the REST API and the CLI alike. Each takes the
/// acting user and checks role and project membership itself (against the stored account, not the
/// caller's copy), throwing <see cref="AccessDeniedException"/>, <see cref="NotFoundException"/>,
/// <see cref="InvalidTransitionException"/>, <see cref="LimitExceededException"/> or
/// <see cref="InvalidInputException"/>. Thread-safe: one instance serves every request of a process.
/// </summary>
public sealed partial class AirlockService : IDisposable
{
    private readonly AuditLog _audit;

    private AirlockService(AirlockOptions options, AirlockDatabase db, CohortIndex? index)
    {
        Options = options;
        Database = db;
        Index = index;
        Quarantine = new Quarantine(options.QuarantineDir);
        // Work folders of checks a crashed worker left behind (a live worker's are fresh).
        Directory.CreateDirectory(WorkDir);
        Quarantine.RemoveStale(WorkDir, TimeSpan.FromDays(1));
        _audit = new AuditLog(db.Dialect, options.Clock);
        Queue = new CheckQueue(this);
    }

    public AirlockOptions Options { get; }
    public Policy Policy => Options.Policy;
    public AirlockDatabase Database { get; }
    /// <summary>The cohort index under DATA/index, or null when there is none yet (nothing can be checked).</summary>
    public CohortIndex? Index { get; }
    internal Quarantine Quarantine { get; }
    internal CheckQueue Queue { get; }
    internal AuditLog Audit => _audit;
    internal DateTimeOffset Now => Options.Clock.GetUtcNow();
    internal string WorkDir => Path.Combine(Options.DataDir, "work");
    internal long NowMs => Ms.Of(Now);

    /// <summary>Opens (and creates or migrates) the store, the quarantine and the index under the data folder.</summary>
    public static AirlockService Open(AirlockOptions options) => OpenAsync(options).GetAwaiter().GetResult();

    public static async Task<AirlockService> OpenAsync(AirlockOptions options, CancellationToken ct = default)
    {
        options.Policy.Validate();
        PrivateDataFolder.Prepare(options.DataDir);
        var db = await AirlockDatabase.OpenAsync(SqlDialect.For(options.DataDir, options.Database), ct);
        CohortIndex? index = null;
        try
        {
            var keyPath = IndexKey.DefaultPathFor(options.IndexDir);
            if (Directory.Exists(options.IndexDir) && File.Exists(keyPath))
                index = CohortIndex.Open(options.IndexDir, IndexKey.Load(keyPath));
            return new AirlockService(options, db, index);
        }
        catch
        {
            index?.Dispose();
            db.Dispose();
            throw;
        }
    }

    /// <summary>Starts <paramref name="count"/> in-process check workers; dispose the result to stop them.</summary>
    public CheckWorkerPool StartWorkers(int count) => CheckWorkerPool.Start(this, count);

    /// <summary>One worker, for `egress worker` or tests: run it until the token is cancelled.</summary>
    public CheckWorker CreateWorker(string? name = null, Action<string>? log = null) =>
        new(this, name ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}") { Log = log };

    // ---- Access rules shared by every operation ----

    /// <summary>The stored account behind the actor, active and in one of the roles; the system actor passes.</summary>
    internal async Task<UserRow> RequireAsync(DbConnection c, DbTransaction? tx, Actor actor, params Role[] roles)
    {
        if (actor.IsSystem) return new UserRow { Id = 0, Username = "system", Role = nameof(Role.Admin), Active = 1 };
        var user = await c.QuerySingleOrDefaultAsync<UserRow>($"SELECT {UserRow.Columns} FROM users WHERE id = @id", new { id = actor.UserId }, tx);
        if (user is null || user.Active == 0) throw new AccessDeniedException("your account is not active");
        // Fail closed until a password an administrator set is replaced: the change itself does not come through here.
        if (user.MustChangePassword != 0) throw new AccessDeniedException("change your password first: an administrator set it");
        // A role this version does not know may do nothing (fail closed), whatever the check below asks for.
        if (!Enum.IsDefined(user.RoleValue)) throw new AccessDeniedException("your account has no known role");
        if (roles.Length > 0 && !roles.Contains(user.RoleValue))
            throw new AccessDeniedException($"this needs the role {string.Join(" or ", roles.Select(r => r.ToString().ToLowerInvariant()))}");
        return user;
    }

    internal static async Task<bool> IsMemberAsync(DbConnection c, DbTransaction? tx, long projectId, long userId) =>
        await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM memberships WHERE project_id = @projectId AND user_id = @userId",
            new { projectId, userId }, tx) > 0;

    internal async Task<RequestRow> LoadRequestAsync(DbConnection c, DbTransaction? tx, long requestId, bool forUpdate = false)
    {
        if (forUpdate)
            // Lock the request row itself (PostgreSQL), so completions and votes on one request happen one after another.
            await c.ExecuteAsync("SELECT id FROM requests WHERE id = @requestId" + Database.Dialect.ForUpdate, new { requestId }, tx);
        return await c.QuerySingleOrDefaultAsync<RequestRow>(RequestRow.Select + " WHERE r.id = @requestId", new { requestId }, tx)
               ?? throw new NotFoundException($"no request {requestId}");
    }

    internal static async Task<FileRow> LoadFileAsync(DbConnection c, DbTransaction? tx, long fileId) =>
        await c.QuerySingleOrDefaultAsync<FileRow>($"SELECT {FileRow.Columns} FROM request_files WHERE id = @fileId", new { fileId }, tx)
        ?? throw new NotFoundException($"no file {fileId}");

    internal static async Task<List<FileRow>> CurrentFilesAsync(DbConnection c, DbTransaction? tx, RequestRow request) =>
        (await c.QueryAsync<FileRow>($"SELECT {FileRow.Columns} FROM request_files WHERE request_id = @Id AND revision = @Revision ORDER BY id",
            new { request.Id, request.Revision }, tx)).ToList();

    /// <summary>
    /// Moves a request through <see cref="RequestTransitions"/> and writes the audit event in the same
    /// transaction. The update names the state it expects, so a concurrent change makes it fail, not overwrite.
    /// </summary>
    internal async Task TransitionAsync(DbConnection c, DbTransaction tx, RequestRow request, RequestState to, string actor, object? details = null)
    {
        var from = request.StateValue;
        RequestTransitions.Require(from, to);
        var changed = await c.ExecuteAsync("UPDATE requests SET state = @to, updated = @now WHERE id = @id AND state = @from",
            new { to = to.ToString(), now = NowMs, id = request.Id, from = from.ToString() }, tx);
        if (changed != 1) throw new InvalidTransitionException($"request {request.Id} changed meanwhile; try again");
        await _audit.AppendAsync(c, tx, actor, "request." + to.ToString().ToLowerInvariant(), $"request/{request.Id}",
            new { from = from.ToString(), to = to.ToString(), revision = request.Revision, details });
        request.State = to.ToString();
        request.Updated = NowMs;
    }

    internal static string FileSubject(long requestId, long fileId) => $"request/{requestId}/file/{fileId}";

    internal Task<long> AuditAsync(DbConnection c, DbTransaction tx, Actor actor, string action, string subject, object? details = null) =>
        _audit.AppendAsync(c, tx, AuditName(actor), action, subject, details);

    /// <summary>
    /// How the audit log names an actor: a user by name and id ("alice#3": a name reused after a rename or deletion
    /// stays told apart), the service and the operator's CLI by their reserved names.
    /// </summary>
    internal static string AuditName(Actor actor) =>
        actor.IsSystem ? actor.Username : $"{actor.Username}#{actor.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public void Dispose()
    {
        Index?.Dispose();
        Database.Dispose();
    }
}
