using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Egress.Airlock;
using Egress.Service.Tests.Support;
using Egress.Web.Api;
using Egress.Web.Hosting;
using Egress.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>
/// Issue 14's probe of the airlock, replayed on a real server (Kestrel on 127.0.0.1, SQLite and PostgreSQL): each
/// attack as the issue wrote it, now refused.
/// </summary>
public sealed class SecurityProbeTests(WebServers servers) : IClassFixture<WebServers>
{
    private const string Password = "a long enough password 9";

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/x")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/ /evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/\u202E/evil.example")]
    public async Task Sign_in_sends_back_only_to_a_path_on_this_site(string returnUrl)
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var user = await NewResearcherAsync(server);
        using (var form = await new PageSession(server.BaseUrl).Http.GetAsync("signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl)))
        {
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            Assert.DoesNotContain("name=\"returnUrl\"", await form.Content.ReadAsStringAsync());
        }
        using var session = new PageSession(server.BaseUrl);
        using var signIn = await session.PostFormAsync("signin", "signin", new() { ["username"] = user.Username, ["password"] = Password, ["returnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/requests", signIn.Headers.Location!.OriginalString);

        using var good = new PageSession(server.BaseUrl);
        using var back = await good.PostFormAsync("signin", "signin", new() { ["username"] = user.Username, ["password"] = Password, ["returnUrl"] = "/tokens?x=1" });
        Assert.Equal("/tokens?x=1", back.Headers.Location!.OriginalString);
    }

    [Theory]
    [Stores]
    public async Task Signing_out_ends_a_copied_session_cookie_which_then_cannot_make_tokens(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var user = await NewResearcherAsync(server);
        using var session = new PageSession(server.BaseUrl);
        using (var signIn = await session.PostFormAsync("signin", "signin", new() { ["username"] = user.Username, ["password"] = Password }))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var copied = new CookieContainer();
        foreach (Cookie cookie in session.Cookies.GetAllCookies()) copied.Add(cookie);
        using var thief = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = copied }) { BaseAddress = server.BaseUrl };
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("tokens")).StatusCode);
        var csrf = await session.TokenFromAsync("tokens");

        using (var signOut = await session.PostFormAsync("requests", "signout", []))
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using (var after = await thief.GetAsync("tokens"))
        {
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
            Assert.Contains("/signin", after.Headers.Location!.OriginalString);
        }
        using (var mint = await thief.PostAsync("tokens", new FormUrlEncodedContent([new("__csrf", csrf), new("token-name", "stolen")])))
            Assert.NotEqual(HttpStatusCode.OK, mint.StatusCode);
        Assert.DoesNotContain(await server.Airlock.ListTokensAsync(Actor.System), t => t.UserId == user.Id && t.Name == "stolen");
        var events = (await server.Airlock.AuditLogAsync(Actor.System, limit: 1000)).Events;
        Assert.Contains(events, e => e.Action == "sign-out" && e.Actor == $"{user.Username}#{user.Id}" && e.Subject == $"user/{user.Id}");
    }

    [Theory]
    [Stores]
    public async Task A_vote_or_a_role_given_as_a_number_or_an_unknown_name_is_refused_and_changes_nothing(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var review = await server.SettledAsync("alice", (await server.SubmitAsync("alice", "A", DemoData.Sample(server.DataDir, "small-cell-table.csv"))).Id);
        var fileId = review.Files[0].Id;
        using var carol = server.Client("carol");
        foreach (var body in new[] { """{"decision":7,"comment":"x"}""", """{"decision":0,"comment":"x"}""", """{"decision":"7","comment":"x"}""",
                     """{"decision":"maybe","comment":"x"}""", """{"decision":"approve, reject","comment":"x"}""" })
            using (var vote = await carol.PostAsync($"api/v1/files/{fileId}/votes", new StringContent(body, Encoding.UTF8, "application/json")))
                Assert.Equal(HttpStatusCode.BadRequest, vote.StatusCode);
        // The vote is not used up: carol can still vote.
        using (var real = await carol.PostAsJsonAsync($"api/v1/files/{fileId}/votes", new VoteRequest(VoteDecision.Reject, "too small"), ApiJson.Options))
            Assert.Equal(HttpStatusCode.OK, real.StatusCode);

        using var admin = server.Client("admin");
        var before = (await server.Airlock.ListUsersAsync(Actor.System)).Count;
        foreach (var role in new[] { "99", "\"99\"", "\"superuser\"", "2" })
        {
            var name = $"r{Guid.NewGuid():N}"[..12];
            using var create = await admin.PostAsync("api/v1/admin/users", new StringContent(
                $$"""{"username":"{{name}}","displayName":"x","role":{{role}},"password":"{{Password}}"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        }
        // The same body with a role by name is accepted: the refusals above were the role's.
        using (var named = await admin.PostAsync("api/v1/admin/users", new StringContent(
                   $$"""{"username":"r{{Guid.NewGuid().ToString("N")[..11]}}","displayName":"x","role":"researcher","password":"{{Password}}"}""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        before++;
        Assert.Equal(before, (await server.Airlock.ListUsersAsync(Actor.System)).Count);
    }

    [Fact]
    public void Every_enum_of_the_api_s_bodies_reads_only_its_defined_names()
    {
        var enums = new HashSet<Type>();
        foreach (var type in typeof(ApiJson).Assembly.GetTypes().Where(t => t.Namespace == typeof(ApiJson).Namespace && t.IsPublic))
            Collect(type, enums, []);
        Assert.Contains(typeof(VoteDecision), enums);
        Assert.Contains(typeof(Role), enums);
        foreach (var e in enums)
        {
            foreach (var bad in new[] { "7", "0", "-1", "\"7\"", "\"no such value\"", "null", "true", "\"\"" })
                Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize($"[{bad}]", e.MakeArrayType(), ApiJson.Options));
            foreach (var value in Enum.GetValues(e))
            {
                var json = JsonSerializer.Serialize(value, e, ApiJson.Options);
                Assert.StartsWith("\"", json);
                Assert.Equal(value, JsonSerializer.Deserialize(json, e, ApiJson.Options));
            }
        }
    }

    /// <summary>The enum types reachable from a DTO's properties and constructor parameters (lists and nullables included).</summary>
    private static void Collect(Type type, HashSet<Type> enums, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!seen.Add(type)) return;
        if (type.IsEnum) { enums.Add(type); return; }
        if (type.IsArray) { Collect(type.GetElementType()!, enums, seen); return; }
        if (type.IsGenericType) foreach (var a in type.GetGenericArguments()) Collect(a, enums, seen);
        if (type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) return;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)) Collect(p.PropertyType, enums, seen);
    }

    [Theory]
    [Stores]
    public async Task A_token_of_an_account_whose_role_is_not_a_known_one_gets_nothing_from_any_endpoint(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var subjects = await AuthorizationMatrix.Subjects.CreateAsync(server);
        var user = await NewResearcherAsync(server);
        var token = (await server.Airlock.CreateTokenAsync((await server.Airlock.FindActorAsync(user.Id))!, "odd")).Token;
        await server.Airlock.Database.WriteAsync(async (c, tx) =>
        {
            await using var update = c.CreateCommand();
            update.Transaction = tx;
            update.CommandText = $"UPDATE users SET role = '99' WHERE id = {user.Id}";
            return await update.ExecuteNonQueryAsync();
        });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var failures = new List<string>();
        foreach (var row in AuthorizationMatrix.Api)
        {
            using var request = await row.Build(subjects, "odd");
            using var response = await http.SendAsync(request);
            if ((int)response.StatusCode is not (401 or 403 or 404)) failures.Add($"{row}: {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [Stores]
    public async Task Another_user_s_request_or_file_answers_404_like_a_missing_one_and_receipts_are_not_downloads(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var released = await server.SettledAsync("alice", (await server.SubmitAsync("alice", "A", AuthorizationMatrix.Subjects.CleanTable(server))).Id);
        var fileId = released.Files[0].Id;
        using var bob = server.Client("bob");
        foreach (var (mine, missing) in new[]
                 {
                     ($"api/v1/requests/{released.Id}", "api/v1/requests/99999999"), ($"api/v1/files/{fileId}", "api/v1/files/99999999"),
                     ($"api/v1/files/{fileId}/content", "api/v1/files/99999999/content"), ($"api/v1/files/{fileId}/receipt", "api/v1/files/99999999/receipt"),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync(mine)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync(missing)).StatusCode);
        }
        using (var withdraw = await bob.PostAsync($"api/v1/requests/{released.Id}/withdraw", null))
            Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);

        using var alice = server.Client("alice");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"api/v1/files/{fileId}/receipt")).StatusCode);
        var history = (await server.Airlock.GetRequestAsync(Actor.System, released.Id)).History;
        Assert.Contains(history, e => e.Action == "file.receipt-viewed");
        Assert.DoesNotContain(history, e => e.Action == "file.downloaded");
    }

    [Theory]
    [InlineData("system")]
    [InlineData("anonymous")]
    public async Task A_user_cannot_be_named_like_the_service(string username)
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var admin = server.Client("admin");
        using var create = await admin.PostAsJsonAsync("api/v1/admin/users", new CreateUserRequest(username, "Mallory", Role.Researcher, Password), ApiJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.DoesNotContain(await server.Airlock.ListUsersAsync(Actor.System), u => u.Username == username);
    }

    [Fact]
    public async Task A_file_name_that_reads_backwards_is_refused_at_upload()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var alice = server.Client("alice");
        using var form = new MultipartFormDataContent { { new StringContent("A"), "project" }, { new StringContent("tables"), "description" } };
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("sex,n\nFemale,1234\nMale,1200\n")), "files", "evil\u202Egnp.csv");
        using var response = await alice.PostAsync("api/v1/requests", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\\\\u202E", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Guessing_many_usernames_from_one_address_is_stopped_and_written_to_the_audit_log_as_counts()
    {
        await using var server = await WebServer.StartAsync(WebServer.Store.Sqlite, workers: 0);
        var auditedBefore = (await server.Airlock.AuditLogAsync(Actor.System, limit: 1000)).Events.Count;
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(server, "alice", $"guess {i}"));
        Assert.Equal((HttpStatusCode)429, await SignInStatusAsync(server, "alice", server.Accounts["alice"].Password));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 60; i++) statuses.Add(await SignInStatusAsync(server, $"junk{i}", "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal((HttpStatusCode)429, statuses[^1]); // 50 failures from one address, whatever the names
        Assert.Equal((HttpStatusCode)429, await SignInStatusAsync(server, "alice", server.Accounts["alice"].Password));

        await server.App.Services.GetRequiredService<FailedSignInAuditor>().FlushAsync(all: true, CancellationToken.None);
        var events = (await server.Airlock.AuditLogAsync(Actor.System, limit: 1000)).Events;
        var failed = events.Where(e => e.Action == "sign-in.failed").ToList();
        Assert.InRange(failed.Count, 1, 2); // one per address and window (two if the run crossed a window's end)
        Assert.Equal(72, failed.Sum(e => JsonDocument.Parse(e.DetailsJson).RootElement.GetProperty("failures").GetInt32()));
        Assert.InRange(events.Count - auditedBefore, 1, 2);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Behind_a_configured_tls_proxy_cookies_are_secure_and_hsts_is_sent_and_no_one_else_is_believed(bool trusted)
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var user = await NewResearcherAsync(server);
        var proxies = trusted ? new[] { System.Net.IPNetwork.Parse("127.0.0.0/8") } : [System.Net.IPNetwork.Parse("10.9.9.9/32")];
        await using var app = EgressWebApp.Build(server.Airlock, new EgressServerOptions { Urls = "http://127.0.0.1:0", TrustedProxies = proxies });
        await app.StartAsync();
        var baseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        using var form = await http.GetAsync("signin");
        var html = await form.Content.ReadAsStringAsync();
        var csrf = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"__csrf\" value=\"([^\"]+)\"").Groups[1].Value);
        var csrfCookie = form.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("egress-csrf=", StringComparison.Ordinal));
        using var post = new HttpRequestMessage(HttpMethod.Post, "signin")
        {
            Content = new FormUrlEncodedContent([new("__csrf", csrf), new("username", user.Username), new("password", Password)]),
        };
        post.Headers.Add("Cookie", csrfCookie.Split(';')[0]);
        using var signIn = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var session = signIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("egress-session=", StringComparison.Ordinal));
        Assert.Equal(trusted, session.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(trusted, csrfCookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(trusted, signIn.Headers.Contains("Strict-Transport-Security"));
        await app.StopAsync();
    }

    private static async Task<HttpStatusCode> SignInStatusAsync(WebServer server, string username, string password)
    {
        using var session = new PageSession(server.BaseUrl);
        using var response = await session.PostFormAsync("signin", "signin", new() { ["username"] = username, ["password"] = password });
        return response.StatusCode;
    }

    private static async Task<User> NewResearcherAsync(WebServer server)
    {
        var user = await server.Airlock.CreateUserAsync(Actor.System, $"s{Guid.NewGuid():N}"[..12], "Security tester", Role.Researcher, Password);
        await server.Airlock.AddMemberAsync(Actor.System, "A", user.Id);
        return user;
    }
}
