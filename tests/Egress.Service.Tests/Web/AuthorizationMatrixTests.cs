using System.Net;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>
/// The authorisation matrix (<see cref="AuthorizationMatrix"/>) against a real server, plus the pages:
/// every page × every role, and every form refusing a POST without its antiforgery token. A last test
/// fails when the app serves a route that none of these tables covers.
/// </summary>
public sealed class AuthorizationMatrixTests(WebServers servers) : IClassFixture<WebServers>
{
    [Theory]
    [Stores]
    public async Task Every_api_endpoint_answers_every_role_as_the_matrix_says(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var subjects = await AuthorizationMatrix.Subjects.CreateAsync(server);
        var failures = await AuthorizationMatrix.RunAsync(subjects);
        Assert.True(failures.Count == 0, AuthorizationMatrix.Describe(failures));
    }

    /// <summary>Pages by role: allowed roles get 200 (or a file), others 403/404, and no session is sent to /signin.</summary>
    public static readonly (string Pattern, string[] Allowed, Func<AuthorizationMatrix.Subjects, string> Url)[] PageGets =
    [
        ("/requests", ["alice", "bob", "carol", "dave", "admin", "audrey"], _ => "requests"),
        ("/requests/new", ["alice", "bob"], _ => "requests/new"),
        ("/requests/{id:long}", ["alice", "carol", "admin", "audrey"], s => $"requests/{s.Review.Id}"),
        ("/requests/{id:long}/resubmit", ["alice"], s => $"requests/{s.Review.Id}/resubmit"),
        ("/files/{id:long}/download", ["alice", "audrey"], s => $"files/{s.ReleasedFile}/download"),
        ("/files/{id:long}/receipt", ["alice", "audrey"], s => $"files/{s.ReleasedFile}/receipt"),
        ("/review", ["carol", "dave"], _ => "review"),
        ("/review/files/{id:long}", ["carol"], s => $"review/files/{s.ReviewFile}"),
        ("/tokens", ["alice", "bob", "carol", "dave", "admin", "audrey"], _ => "tokens"),
        ("/account/password", ["alice", "bob", "carol", "dave", "admin", "audrey"], _ => "account/password"),
        ("/admin/users", ["admin", "audrey"], _ => "admin/users"),
        ("/admin/projects", ["admin", "audrey"], _ => "admin/projects"),
        ("/admin/policy", ["carol", "dave", "admin", "audrey"], _ => "admin/policy"),
        ("/audit", ["admin", "audrey"], _ => "audit"),
        ("/reports/daily", ["admin", "audrey"], _ => "reports/daily"),
    ];

    /// <summary>Every form's action: refused without the antiforgery token (400), and sent to sign-in when anonymous.</summary>
    public static readonly (string Pattern, Func<AuthorizationMatrix.Subjects, string> Url)[] PagePosts =
    [
        ("/signin", _ => "signin"),
        ("/signout", _ => "signout"),
        ("/requests", _ => "requests"),
        ("/requests/{id:long}/withdraw", s => $"requests/{s.Review.Id}/withdraw"),
        ("/requests/{id:long}/resubmit", s => $"requests/{s.Review.Id}/resubmit"),
        ("/review/files/{id:long}/vote", s => $"review/files/{s.ReviewFile}/vote"),
        ("/tokens", _ => "tokens"),
        ("/tokens/{id:long}/revoke", _ => "tokens/1/revoke"),
        ("/admin/users", _ => "admin/users"),
        ("/admin/users/{id:long}/active", _ => "admin/users/1/active"),
        ("/admin/users/{id:long}/password", _ => "admin/users/1/password"),
        ("/account/password", _ => "account/password"),
        ("/admin/projects", _ => "admin/projects"),
        ("/admin/projects/{project}/members", _ => "admin/projects/C/members"),
        ("/admin/projects/{project}/members/{userId:long}/remove", _ => "admin/projects/C/members/1/remove"),
        ("/audit/verify", _ => "audit/verify"),
    ];

    /// <summary>
    /// Every form × every role, sent with a valid antiforgery token: the roles listed get past authorisation
    /// (a redirect, a page, or a refusal by state or input), the others 403/404. Subjects a post would change
    /// are made fresh for each post.
    /// </summary>
    public static readonly (string Pattern, string[] Allowed, Func<AuthorizationMatrix.Subjects, string, Task<(string Url, HttpContent Body)>> Build)[] FormPosts =
    [
        ("/requests", ["alice"], (s, _) => Task.FromResult(("requests", (HttpContent)Multipart(("project", "A"), ("description", "form matrix")).WithFile(AuthorizationMatrix.Subjects.CleanTable(s.Server))))),
        ("/requests/{id:long}/withdraw", ["alice"], async (s, _) => ($"requests/{await s.FreshRequestAsync()}/withdraw", Form())),
        ("/requests/{id:long}/resubmit", ["alice"], (s, _) => Task.FromResult(($"requests/{s.Review.Id}/resubmit", (HttpContent)Multipart(("description", "again"))))),
        ("/review/files/{id:long}/vote", ["carol"], async (s, _) => ($"review/files/{await s.FreshReviewFileAsync()}/vote", Form(("decision", "approve"), ("comment", "form matrix")))),
        ("/tokens", ["alice", "bob", "carol", "dave", "admin", "audrey"], (_, _) => Task.FromResult(("tokens", Form(("token-name", "form matrix"))))),
        ("/tokens/{id:long}/revoke", ["alice", "admin"], async (s, _) => ($"tokens/{await s.FreshTokenOfAliceAsync()}/revoke", Form())),
        ("/admin/users", ["admin"], (_, role) => Task.FromResult(("admin/users", Form(("new-username", $"f{Guid.NewGuid():N}"[..12] + role),
            ("new-display-name", "Form matrix"), ("new-role", "Researcher"), ("new-password", "a long enough password 7"))))),
        ("/admin/users/{id:long}/active", ["admin"], async (s, _) => ($"admin/users/{await s.UserIdAsync("bob")}/active", Form(("active", "true")))),
        ("/admin/users/{id:long}/password", ["admin"], async (s, _) => ($"admin/users/{await s.FreshUserAsync()}/password", Form())),
        // Two different new passwords: past authorisation, refused as input (400); nobody's password changes.
        ("/account/password", ["alice", "bob", "carol", "dave", "admin", "audrey"], (_, _) => Task.FromResult(("account/password",
            Form(("current-password", "wrong"), ("new-password", "a new password 1"), ("new-password-again", "a new password 2"))))),
        ("/admin/projects", ["admin"], (_, _) => Task.FromResult(("admin/projects", Form(("project-name", "C"), ("project-description", "again"))))),
        ("/admin/projects/{project}/members", ["admin"], async (s, _) => ("admin/projects/C/members", Form(("member-C", (await s.UserIdAsync("bob")).ToString())))),
        ("/admin/projects/{project}/members/{userId:long}/remove", ["admin"], async (s, _) => ($"admin/projects/C/members/{await s.UserIdAsync("bob")}/remove", Form())),
        ("/audit/verify", ["admin", "audrey"], (_, _) => Task.FromResult(("audit/verify", Form()))),
    ];

    private static HttpContent Form(params (string Name, string Value)[] fields) =>
        new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static MultipartFormDataContent Multipart(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    [Theory]
    [Stores]
    public async Task Every_form_answers_every_role_as_the_table_says(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var subjects = await AuthorizationMatrix.Subjects.CreateAsync(server);
        var failures = new List<string>();
        foreach (var role in AuthorizationMatrix.Roles.Skip(1))
        {
            using var session = await PageSession.SignInAsync(server, role);
            foreach (var (pattern, allowed, build) in FormPosts)
            {
                var (url, body) = await build(subjects, role);
                using var response = await session.PostWithTokenAsync(url, body);
                var status = (int)response.StatusCode;
                var ok = allowed.Contains(role) ? status is not (401 or 403 or 404) and < 500 : status is 403 or 404;
                if (!ok) failures.Add($"POST {pattern} as {role}: {status}, expected {(allowed.Contains(role) ? "past authorisation" : "403/404")}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Open to everyone: health, the OpenAPI document, the stylesheet and scripts, the start and sign-in pages.</summary>
    public static readonly (string Method, string Pattern)[] Public =
    [
        ("GET", "/health"), ("GET", "/openapi/{documentName}.json"), ("GET", "/assets/egress.css"), ("GET", "/assets/vendor/chart.umd.js"),
        ("GET", "/assets/daily-report.js"), ("GET", "/"), ("GET", "/signin"),
    ];

    [Theory]
    [Stores]
    public async Task Every_page_answers_every_role_as_the_table_says(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var subjects = await AuthorizationMatrix.Subjects.CreateAsync(server);
        var failures = new List<string>();
        using (var anonymous = new PageSession(server.BaseUrl))
            foreach (var (pattern, _, url) in PageGets)
            {
                using var response = await anonymous.Http.GetAsync(url(subjects));
                if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) != true)
                    failures.Add($"GET {pattern} anonymous: {(int)response.StatusCode}, expected a redirect to /signin");
            }
        foreach (var role in AuthorizationMatrix.Roles.Skip(1))
        {
            using var session = await PageSession.SignInAsync(server, role);
            foreach (var (pattern, allowed, url) in PageGets)
            {
                using var response = await session.Http.GetAsync(url(subjects));
                var status = (int)response.StatusCode;
                var ok = allowed.Contains(role) ? status == 200 : status is 403 or 404;
                if (!ok) failures.Add($"GET {pattern} as {role}: {status}, expected {(allowed.Contains(role) ? "200" : "403/404")}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Every_form_refuses_a_post_without_its_antiforgery_token()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var subjects = await AuthorizationMatrix.Subjects.CreateAsync(server);
        var failures = new List<string>();
        using var anonymous = new PageSession(server.BaseUrl);
        using var alice = await PageSession.SignInAsync(server, "alice");
        foreach (var (pattern, url) in PagePosts)
        {
            using (var response = await alice.Http.PostAsync(url(subjects), new FormUrlEncodedContent([new("comment", "no token")])))
                if (response.StatusCode != HttpStatusCode.BadRequest) failures.Add($"POST {pattern} signed in without token: {(int)response.StatusCode}, expected 400");
            using (var response = await anonymous.Http.PostAsync(url(subjects), new FormUrlEncodedContent([new("comment", "no token")])))
            {
                var status = (int)response.StatusCode;
                if (status is not (400 or 302) || (status == 302 && response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) != true))
                    failures.Add($"POST {pattern} anonymous: {status}, expected 400 or a redirect to /signin");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Every_route_the_app_serves_has_a_row_in_the_matrix()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var covered = AuthorizationMatrix.Api.Select(r => (r.Method, r.Pattern))
            .Concat(PageGets.Select(p => ("GET", p.Pattern)))
            .Concat(PagePosts.Select(p => ("POST", p.Pattern)))
            .Concat(Public)
            .ToHashSet();
        var missing = server.Routes().Where(r => !covered.Contains(r)).Select(r => $"{r.Method} {r.Pattern}").ToList();
        Assert.True(missing.Count == 0, "routes with no row in the authorisation matrix:\n" + string.Join('\n', missing));
        var stale = covered.Where(c => !server.Routes().Contains(c)).Select(r => $"{r.Item1} {r.Item2}").ToList();
        Assert.True(stale.Count == 0, "matrix rows for routes the app does not serve:\n" + string.Join('\n', stale));
    }
}

