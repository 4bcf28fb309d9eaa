using System.Net;
using System.Net.Http.Json;
using System.Text;
using Egress.Airlock;
using Egress.Service.Tests.Support;
using Egress.Web.Api;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>
/// Every REST endpoint × every role × own/other project, as a table. "alice" is a researcher of project A
/// (the subjects' project: her own), "bob" a researcher of project B (another project's), "carol" a checker,
/// "dave" a checker who is also a member of project A (so he never reviews A's requests),
/// "admin", "audrey" an auditor, and "anonymous" sends no token. A role in a row's Allowed set must get past
/// authorisation (any answer but 401, 403, 404); every other role must be refused (401 anonymous; 403 or 404
/// for the signed-in — 404 when the core does not reveal that the thing exists). Auditors may read
/// everything (accounts and projects too) and change nothing. Subjects that a call would
/// change (withdraw, vote, revoke) are made fresh for each call, so the order of calls does not matter.
/// </summary>
public static class AuthorizationMatrix
{
    public static readonly string[] Roles = ["anonymous", "alice", "bob", "carol", "dave", "admin", "audrey"];

    private static readonly string[] SignedIn = ["alice", "bob", "carol", "dave", "admin", "audrey"];

    public sealed record Row(string Method, string Pattern, string[] Allowed, Func<Subjects, string, Task<HttpRequestMessage>> Build)
    {
        public override string ToString() => $"{Method} {Pattern}";
    }

    /// <summary>The things the calls act on, made once per server (and fresh ones on demand).</summary>
    public sealed class Subjects(WebServer server, RequestDto review, RequestDto released)
    {
        public WebServer Server { get; } = server;
        /// <summary>alice's request in project A, awaiting review (a table with a small cell).</summary>
        public RequestDto Review { get; } = review;
        public long ReviewFile => Review.Files[0].Id;
        /// <summary>alice's released request in project A.</summary>
        public RequestDto Released { get; } = released;
        public long ReleasedFile => Released.Files[0].Id;

        public static async Task<Subjects> CreateAsync(WebServer server)
        {
            var daveId = (await server.Airlock.ListUsersAsync(Actor.System)).Single(u => u.Username == "dave").Id;
            if (!(await server.Airlock.ListMembershipsAsync(Actor.System, "A")).Any(m => m.UserId == daveId))
                await server.Airlock.AddMemberAsync(Actor.System, "A", daveId);
            var review = await server.SettledAsync("alice", (await server.SubmitAsync("alice", "A", DemoData.Sample(server.DataDir, "small-cell-table.csv"))).Id);
            Assert.Equal(RequestState.AwaitingReview, review.State);
            var released = await server.SettledAsync("alice", (await server.SubmitAsync("alice", "A", CleanTable(server))).Id);
            Assert.Equal(RequestState.Released, released.State);
            return new Subjects(server, review, released);
        }

        public static string CleanTable(WebServer server)
        {
            var path = Path.Combine(server.DataDir, $"clean-{Guid.NewGuid():N}.csv");
            File.WriteAllText(path, "sex,smoking,n\nFemale,Never,1234\nFemale,Current,310\nMale,Never,411\nMale,Current,567\n");
            return path;
        }

        public async Task<long> FreshReviewFileAsync()
        {
            var r = await Server.SettledAsync("alice", (await Server.SubmitAsync("alice", "A", DemoData.Sample(Server.DataDir, "small-cell-table.csv"))).Id);
            return r.Files[0].Id;
        }

        public async Task<long> FreshRequestAsync() => (await Server.SubmitAsync("alice", "A", CleanTable(Server))).Id;

        public async Task<long> FreshTokenOfAliceAsync() =>
            (await Server.Airlock.CreateTokenAsync(await Server.ActorAsync("alice"), "matrix")).Info.Id;

        /// <summary>A new researcher nobody else uses, for calls that would end an account's sessions (a password reset).</summary>
        public async Task<long> FreshUserAsync() =>
            (await Server.Airlock.CreateUserAsync(Actor.System, $"fresh{Interlocked.Increment(ref unique)}", "Fresh user", Role.Researcher, "a long enough password 3")).Id;

        public async Task<long> UserIdAsync(string username) =>
            (await Server.Airlock.ListUsersAsync(Actor.System)).Single(u => u.Username == username).Id;
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Json(HttpMethod method, string url, object body) =>
        new(method, url) { Content = JsonContent.Create(body, options: ApiJson.Options) };

    private static HttpRequestMessage Upload(string url, string? project, string file)
    {
        var form = new MultipartFormDataContent();
        if (project is not null) form.Add(new StringContent(project), "project");
        form.Add(new StringContent("matrix"), "description");
        form.Add(new ByteArrayContent(File.ReadAllBytes(file)), "files", Path.GetFileName(file));
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
    }

    private static Task<HttpRequestMessage> Ready(HttpRequestMessage m) => Task.FromResult(m);

    private static int unique;

    public static readonly Row[] Api =
    [
        new("GET", "/api/v1/me", SignedIn, (_, _) => Ready(Get("api/v1/me"))),
        // The new password twice but different: past authorisation and refused as input (400), so no one's password or token changes.
        new("POST", "/api/v1/me/password", SignedIn, (_, _) => Ready(Json(HttpMethod.Post, "api/v1/me/password",
            new ChangePasswordRequest("wrong", "a new password 1", "a new password 2")))),
        new("GET", "/api/v1/projects", SignedIn, (_, _) => Ready(Get("api/v1/projects"))),
        new("POST", "/api/v1/requests", ["alice"], (s, _) => Ready(Upload("api/v1/requests", "A", Subjects.CleanTable(s.Server)))),
        new("GET", "/api/v1/requests", SignedIn, (_, _) => Ready(Get("api/v1/requests"))),
        new("GET", "/api/v1/requests/{id:long}", ["alice", "carol", "admin", "audrey"], (s, _) => Ready(Get($"api/v1/requests/{s.Review.Id}"))),
        new("POST", "/api/v1/requests/{id:long}/withdraw", ["alice"], async (s, _) => new HttpRequestMessage(HttpMethod.Post, $"api/v1/requests/{await s.FreshRequestAsync()}/withdraw")),
        // Resubmitting a request awaiting review is refused by state (409) for its owner: past authorisation, nothing changes.
        new("POST", "/api/v1/requests/{id:long}/resubmit", ["alice"], (s, _) => Ready(Upload($"api/v1/requests/{s.Review.Id}/resubmit", null, Subjects.CleanTable(s.Server)))),
        new("GET", "/api/v1/files/{id:long}", ["alice", "carol", "admin", "audrey"], (s, _) => Ready(Get($"api/v1/files/{s.ReviewFile}"))),
        new("GET", "/api/v1/files/{id:long}/preview", ["carol"], (s, _) => Ready(Get($"api/v1/files/{s.ReviewFile}/preview"))),
        new("GET", "/api/v1/files/{id:long}/content", ["alice", "audrey"], (s, _) => Ready(Get($"api/v1/files/{s.ReleasedFile}/content"))),
        new("GET", "/api/v1/files/{id:long}/receipt", ["alice", "audrey"], (s, _) => Ready(Get($"api/v1/files/{s.ReleasedFile}/receipt"))),
        new("POST", "/api/v1/files/{id:long}/votes", ["carol"], async (s, _) =>
            Json(HttpMethod.Post, $"api/v1/files/{await s.FreshReviewFileAsync()}/votes", new VoteRequest(VoteDecision.Approve, "matrix"))),
        new("GET", "/api/v1/review/queue", ["carol", "dave"], (_, _) => Ready(Get("api/v1/review/queue"))),
        new("GET", "/api/v1/projects/{project}/exposure", ["alice", "carol", "dave", "admin", "audrey"], (_, _) => Ready(Get("api/v1/projects/A/exposure"))),
        new("GET", "/api/v1/tokens", SignedIn, (_, _) => Ready(Get("api/v1/tokens"))),
        new("POST", "/api/v1/tokens", SignedIn, (_, _) => Ready(Json(HttpMethod.Post, "api/v1/tokens", new CreateTokenRequest("matrix", null)))),
        new("DELETE", "/api/v1/tokens/{id:long}", ["alice", "admin"], async (s, _) => new HttpRequestMessage(HttpMethod.Delete, $"api/v1/tokens/{await s.FreshTokenOfAliceAsync()}")),
        new("GET", "/api/v1/admin/users", ["admin", "audrey"], (_, _) => Ready(Get("api/v1/admin/users"))),
        new("POST", "/api/v1/admin/users", ["admin"], (_, role) => Ready(Json(HttpMethod.Post, "api/v1/admin/users",
            new CreateUserRequest($"m{Interlocked.Increment(ref unique)}{role}", "Matrix user", Role.Researcher, "a long enough password 1")))),
        new("POST", "/api/v1/admin/users/{id:long}/active", ["admin"], async (s, _) =>
            Json(HttpMethod.Post, $"api/v1/admin/users/{await s.UserIdAsync("bob")}/active", new SetActiveRequest(true))),
        new("POST", "/api/v1/admin/users/{id:long}/password", ["admin"], async (s, _) =>
            new HttpRequestMessage(HttpMethod.Post, $"api/v1/admin/users/{await s.FreshUserAsync()}/password")),
        new("GET", "/api/v1/admin/projects", ["admin", "audrey"], (_, _) => Ready(Get("api/v1/admin/projects"))),
        // Project C exists already: the admin is past authorisation and refused as a duplicate (400); nothing changes.
        new("POST", "/api/v1/admin/projects", ["admin"], (_, _) => Ready(Json(HttpMethod.Post, "api/v1/admin/projects", new CreateProjectRequest("C", "again")))),
        new("PUT", "/api/v1/admin/projects/{project}/members/{userId:long}", ["admin"], async (s, _) =>
            new HttpRequestMessage(HttpMethod.Put, $"api/v1/admin/projects/C/members/{await s.UserIdAsync("bob")}")),
        new("DELETE", "/api/v1/admin/projects/{project}/members/{userId:long}", ["admin"], async (s, _) =>
            new HttpRequestMessage(HttpMethod.Delete, $"api/v1/admin/projects/C/members/{await s.UserIdAsync("bob")}")),
        new("GET", "/api/v1/policy", ["carol", "dave", "admin", "audrey"], (_, _) => Ready(Get("api/v1/policy"))),
        new("GET", "/api/v1/audit", ["admin", "audrey"], (_, _) => Ready(Get("api/v1/audit"))),
        new("POST", "/api/v1/audit/verify", ["admin", "audrey"], (_, _) => Ready(new HttpRequestMessage(HttpMethod.Post, "api/v1/audit/verify"))),
        new("GET", "/api/v1/reports/daily", ["admin", "audrey"], (_, _) => Ready(Get("api/v1/reports/daily?rescan=false"))),
    ];

    /// <summary>Sends one cell of the matrix and says what is wrong with the answer, or null.</summary>
    public static async Task<string?> CheckAsync(Subjects subjects, Row row, string role)
    {
        using var http = subjects.Server.Client(role == "anonymous" ? null : role);
        using var request = await row.Build(subjects, role);
        using var response = await http.SendAsync(request);
        var status = (int)response.StatusCode;
        var allowed = row.Allowed.Contains(role);
        bool ok = role == "anonymous" ? status == 401
            : allowed ? status is not (401 or 403 or 404) and < 500
            : status is 403 or 404;
        if (ok) return null;
        var body = await response.Content.ReadAsStringAsync();
        return $"{row} as {role}: {status} (expected {(role == "anonymous" ? "401" : allowed ? "past authorisation" : "403/404")}) {body[..Math.Min(body.Length, 200)]}";
    }

    public static async Task<IReadOnlyList<string>> RunAsync(Subjects subjects)
    {
        var failures = new List<string>();
        foreach (var row in Api)
            foreach (var role in Roles)
                if (await CheckAsync(subjects, row, role) is { } failure) failures.Add(failure);
        return failures;
    }

    public static string Describe(IReadOnlyList<string> failures) => new StringBuilder().AppendJoin('\n', failures).ToString();

    public static bool IsRefusal(HttpStatusCode status) => status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
}
