using System.Net;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>
/// The pages over plain HTTP (the browser tests drive them in Chromium): sign-in, a submission through the
/// multipart form with its antiforgery token, values encoded, sign-in throttling, sign-out.
/// </summary>
public sealed class PageTests(WebServers servers) : IClassFixture<WebServers>
{
    [Fact]
    public async Task A_wrong_password_is_refused_and_the_right_one_leads_to_the_roles_start_page()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var session = new PageSession(server.BaseUrl);
        using (var wrong = await session.PostFormAsync("signin", "signin", new() { ["username"] = "carol", ["password"] = "not her password" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("wrong", await wrong.Content.ReadAsStringAsync());
        }
        using var right = await session.PostFormAsync("signin", "signin", new() { ["username"] = "carol", ["password"] = server.Accounts["carol"].Password });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/review", right.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_are_throttled_with_429()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var session = new PageSession(server.BaseUrl);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var r = await session.PostFormAsync("signin", "signin", new() { ["username"] = "dave", ["password"] = "guess " + i });
            statuses.Add(r.StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
    }

    [Fact]
    public async Task A_researcher_submits_through_the_form_and_the_description_is_shown_encoded()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var alice = await PageSession.SignInAsync(server, "alice");
        var token = await alice.TokenFromAsync("requests/new");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__csrf" },
            { new StringContent("A"), "project" },
            { new StringContent("<script>alert(1)</script> & counts"), "description" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(DemoData.Sample(server.DataDir, "small-cell-table.csv"))), "files", "table.csv" },
        };
        using var response = await alice.Http.PostAsync("requests", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/requests/", location);
        var id = long.Parse(location["/requests/".Length..location.IndexOf('?')]);
        await server.SettledAsync("alice", id);

        var html = await alice.Http.GetStringAsync($"requests/{id}");
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; counts", html);
        Assert.Contains("sdc-minimum-cell-count", html);
        Assert.Contains("How to fix", html);
    }

    [Fact]
    public async Task A_form_upload_whose_token_comes_after_the_file_is_refused_before_the_file_is_stored()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var alice = await PageSession.SignInAsync(server, "alice");
        var token = await alice.TokenFromAsync("requests/new");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("A"), "project" },
            { new ByteArrayContent(new byte[1000]), "files", "first.bin" },
            { new StringContent(token), "__csrf" },
        };
        using var response = await alice.Http.PostAsync("requests", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(server.DataDir, "uploads")));
    }

    [Fact]
    public async Task A_checker_sees_the_flagged_cell_highlighted_and_a_leak_is_never_shown()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var review = await server.SettledAsync("alice", (await server.SubmitAsync("alice", "A", DemoData.Sample(server.DataDir, "small-cell-table.csv"))).Id);
        var leak = await server.SettledAsync("alice", (await server.SubmitAsync("alice", "A", DemoData.Sample(server.DataDir, "leak-rows-of-A-without-ids.csv"))).Id);
        using var carol = await PageSession.SignInAsync(server, "carol");

        var html = await carol.Http.GetStringAsync($"review/files/{review.Files[0].Id}");
        Assert.Contains("id=\"file-preview\"", html);
        Assert.Contains("<tr class=\"flagged\" id=\"line-5\">", html); // Stockport,3 is line 5
        Assert.Contains("td class=\"flagged\"", html);
        Assert.Contains("id=\"vote-form\"", html);

        var leakFile = leak.Files[0];
        using var leakPage = await carol.Http.GetAsync($"review/files/{leakFile.Id}");
        if (leakPage.StatusCode == HttpStatusCode.OK)
        {
            var leakHtml = await leakPage.Content.ReadAsStringAsync();
            Assert.DoesNotContain("id=\"file-preview\"", leakHtml);
            var secondRow = File.ReadLines(DemoData.Sample(server.DataDir, "leak-rows-of-A-without-ids.csv")).Skip(1).First();
            Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(secondRow.Split(',')[0] + "</td><td>" + secondRow.Split(',')[1]), leakHtml);
        }
        else Assert.True(AuthorizationMatrix.IsRefusal(leakPage.StatusCode), leakPage.StatusCode.ToString());
    }

    [Fact]
    public async Task An_admin_adds_a_user_through_the_form_and_a_researcher_posting_the_same_form_is_refused()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var fields = new Dictionary<string, string>
        {
            ["new-username"] = "erin", ["new-display-name"] = "Erin <Evaluator>", ["new-role"] = "Researcher", ["new-password"] = "a long enough password 42",
        };
        using (var alice = await PageSession.SignInAsync(server, "alice"))
        using (var refused = await alice.PostFormAsync("tokens", "admin/users", fields))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var admin = await PageSession.SignInAsync(server, "admin");
        using var created = await admin.PostFormAsync("admin/users", "admin/users", fields);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var users = await admin.Http.GetStringAsync("admin/users?notice=user-created");
        Assert.Contains("id=\"user-row-erin\"", users);
        Assert.Contains("Erin &lt;Evaluator&gt;", users);

        using var erin = new PageSession(server.BaseUrl);
        using var signIn = await erin.PostFormAsync("signin", "signin", new() { ["username"] = "erin", ["password"] = "a long enough password 42" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        using var bob = await PageSession.SignInAsync(server, "bob");
        Assert.Equal(HttpStatusCode.OK, (await bob.Http.GetAsync("requests")).StatusCode);
        using var signOut = await bob.PostFormAsync("requests", "signout", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await bob.Http.GetAsync("requests");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/signin", after.Headers.Location!.OriginalString);
    }
}
