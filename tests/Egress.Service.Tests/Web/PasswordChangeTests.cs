using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Egress.Airlock;
using Egress.Service.Tests.Support;
using Egress.Web.Api;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>
/// Changing one's password on the page and through the API, and the change forced after an administrator's reset
/// (admin page and CLI), on a real server. Each test makes its own user, so the demo users' sessions stay as they are.
/// </summary>
public sealed partial class PasswordChangeTests(WebServers servers) : IClassFixture<WebServers>
{
    private const string First = "first password 1";
    private const string Second = "second password 2";

    [Theory]
    [Stores]
    public async Task Changing_the_password_on_the_page_ends_the_other_sessions_and_the_tokens_but_not_this_one(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var (user, token) = await NewUserAsync(server);
        using var here = await SignInAsync(server, user.Username, First);
        using var elsewhere = await SignInAsync(server, user.Username, First);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.Http.GetAsync("requests")).StatusCode);
        using (var api = TokenClient(server, token))
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/v1/me")).StatusCode);

        using (var changed = await here.PostFormAsync("account/password", "account/password",
                   new() { ["current-password"] = First, ["new-password"] = Second, ["new-password-again"] = Second }))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
            Assert.Equal("/account/password?notice=password-changed", changed.Headers.Location!.OriginalString);
        }
        Assert.Contains("Your password is changed", await here.Http.GetStringAsync("account/password?notice=password-changed"));
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("requests")).StatusCode);

        using (var ended = await elsewhere.Http.GetAsync("requests"))
        {
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            Assert.Contains("/signin", ended.Headers.Location!.OriginalString);
        }
        using (var api = TokenClient(server, token))
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(server, user.Username, First));
        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(server, user.Username, Second));
        var events = (await server.Airlock.AuditLogAsync(Actor.System, limit: 1000)).Events;
        Assert.Contains(events, e => e.Action == "user.password-changed" && e.Subject == $"user/{user.Id}" && e.DetailsJson.Contains("\"tokensRevoked\":1"));
    }

    [Fact]
    public async Task The_page_refuses_a_wrong_current_password_and_two_different_new_ones_and_keeps_the_old_password()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var (user, _) = await NewUserAsync(server);
        using var session = await SignInAsync(server, user.Username, First);

        using (var wrong = await session.PostFormAsync("account/password", "account/password",
                   new() { ["current-password"] = "not my password", ["new-password"] = Second, ["new-password-again"] = Second }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("The current password is wrong.", await wrong.Content.ReadAsStringAsync());
        }
        using (var differ = await session.PostFormAsync("account/password", "account/password",
                   new() { ["current-password"] = First, ["new-password"] = Second, ["new-password-again"] = Second + "x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, differ.StatusCode);
            Assert.Contains("The two new passwords differ", await differ.Content.ReadAsStringAsync());
        }
        using (var shortOne = await session.PostFormAsync("account/password", "account/password",
                   new() { ["current-password"] = First, ["new-password"] = "short", ["new-password-again"] = "short" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
            Assert.Contains($"A password has at least {AirlockService.MinPasswordLength} characters.", await shortOne.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(server, user.Username, First));
    }

    [Theory]
    [Stores]
    public async Task The_api_changes_the_password_and_ends_every_session_and_token_of_the_account(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var (user, token) = await NewUserAsync(server);
        using var page = await SignInAsync(server, user.Username, First);
        using var api = TokenClient(server, token);

        using (var wrong = await api.PostAsJsonAsync("api/v1/me/password", new ChangePasswordRequest("not my password", Second, Second), ApiJson.Options))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("the current password is wrong", (await wrong.Content.ReadFromJsonAsync<ErrorDto>(ApiJson.Options))!.Error);
        }
        using (var differ = await api.PostAsJsonAsync("api/v1/me/password", new ChangePasswordRequest(First, Second, "something else"), ApiJson.Options))
            Assert.Equal(HttpStatusCode.BadRequest, differ.StatusCode);
        using (var sameAsUsername = await api.PostAsJsonAsync("api/v1/me/password", new ChangePasswordRequest(First, user.Username, user.Username), ApiJson.Options))
            Assert.Equal(HttpStatusCode.BadRequest, sameAsUsername.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.Http.GetAsync("requests")).StatusCode);

        using (var changed = await api.PostAsJsonAsync("api/v1/me/password", new ChangePasswordRequest(First, Second, Second), ApiJson.Options))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Contains("create a new one", (await changed.Content.ReadFromJsonAsync<PasswordChangedDto>(ApiJson.Options))!.Message);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/v1/me")).StatusCode);
        using (var ended = await page.Http.GetAsync("requests"))
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(server, user.Username, Second));
    }

    [Fact]
    public async Task Guessing_the_current_password_is_slowed_like_signing_in()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var (user, token) = await NewUserAsync(server);
        using var api = TokenClient(server, token);
        for (var i = 0; i < 10; i++)
            using (var wrong = await api.PostAsJsonAsync("api/v1/me/password", new ChangePasswordRequest($"guess {i}", Second, Second), ApiJson.Options))
                Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using (var blocked = await api.PostAsJsonAsync("api/v1/me/password", new ChangePasswordRequest(First, Second, Second), ApiJson.Options))
            Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        // The same allowance as signing in: the page's form and the sign-in form are refused too, and nothing changed.
        Assert.Equal((HttpStatusCode)429, await SignInStatusAsync(server, user.Username, First));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/v1/me")).StatusCode);
    }

    [Theory]
    [Stores]
    public async Task After_an_admin_resets_a_password_on_the_page_the_user_must_change_it_before_anything_else(WebServer.Store store)
    {
        var server = await servers.GetAsync(store);
        var (user, token) = await NewUserAsync(server);
        using var before = await SignInAsync(server, user.Username, First);
        using var admin = await PageSession.SignInAsync(server, "admin");

        using var reset = await admin.PostFormAsync("admin/users", $"admin/users/{user.Id}/password", []);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var oneTime = WebUtility.HtmlDecode(OneTimePassword().Match(await reset.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.Equal(16, oneTime.Length);

        Assert.Equal(HttpStatusCode.Redirect, (await before.Http.GetAsync("requests")).StatusCode);
        using (var api = TokenClient(server, token))
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(server, user.Username, First));
        await MustChangeThenCarryOnAsync(server, user.Username, oneTime);
    }

    [Fact]
    public async Task After_an_admin_resets_a_password_through_the_api_the_user_must_change_it()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var (user, token) = await NewUserAsync(server);
        using var admin = server.Client("admin");
        using var reset = await admin.PostAsync($"api/v1/admin/users/{user.Id}/password", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var oneTime = (await reset.Content.ReadFromJsonAsync<OneTimePasswordDto>(ApiJson.Options))!;
        Assert.Equal(user.Id, oneTime.UserId);
        using (var api = TokenClient(server, token))
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/v1/me")).StatusCode);
        Assert.True((await server.Airlock.ListUsersAsync(Actor.System)).Single(u => u.Id == user.Id).MustChangePassword);
        using (var unknown = await admin.PostAsync("api/v1/admin/users/999999/password", null))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await MustChangeThenCarryOnAsync(server, user.Username, oneTime.Password);
    }

    [Fact]
    public async Task After_the_operator_resets_a_password_with_the_cli_the_user_must_change_it_at_next_sign_in()
    {
        var server = await servers.GetAsync(WebServer.Store.Sqlite);
        var (user, _) = await NewUserAsync(server);
        var reset = await EgressProcess.RunAsync(["users", "reset-password", user.Username, "--data", server.DataDir]);
        Assert.Equal(0, reset.ExitCode);
        var oneTime = CliOneTimePassword().Match(reset.Output).Groups[1].Value;
        await MustChangeThenCarryOnAsync(server, user.Username, oneTime);
    }

    /// <summary>Signs in with an administrator's password: every page leads to the change form until the user has chosen their own.</summary>
    private static async Task MustChangeThenCarryOnAsync(WebServer server, string username, string oneTime)
    {
        using var session = new PageSession(server.BaseUrl);
        using (var signIn = await session.PostFormAsync("signin", "signin", new() { ["username"] = username, ["password"] = oneTime }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
        }
        foreach (var page in new[] { "requests", "requests/new", "tokens" })
            using (var held = await session.Http.GetAsync(page))
            {
                Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
                Assert.Equal("/account/password", held.Headers.Location!.OriginalString);
            }
        using (var tokenPost = await session.PostFormAsync("account/password", "tokens", new() { ["token-name"] = "sneaky" }))
            Assert.Equal(HttpStatusCode.Redirect, tokenPost.StatusCode);
        Assert.Contains("id=\"must-change\"", await session.Http.GetStringAsync("account/password"));

        using (var changed = await session.PostFormAsync("account/password", "account/password",
                   new() { ["current-password"] = oneTime, ["new-password"] = Second, ["new-password-again"] = Second }))
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("requests")).StatusCode);
        Assert.DoesNotContain("must-change", await session.Http.GetStringAsync("account/password"));
        var user = (await server.Airlock.ListUsersAsync(Actor.System)).Single(u => u.Username == username);
        Assert.False(user.MustChangePassword);
        Assert.DoesNotContain(await server.Airlock.ListTokensAsync(Actor.System), t => t.UserId == user.Id && t.Name == "sneaky");
    }

    private static async Task<(User User, string Token)> NewUserAsync(WebServer server)
    {
        var name = $"p{Guid.NewGuid():N}"[..12];
        var user = await server.Airlock.CreateUserAsync(Actor.System, name, "Password tester", Role.Researcher, First);
        await server.Airlock.AddMemberAsync(Actor.System, "A", user.Id);
        var actor = await server.Airlock.FindActorAsync(user.Id) ?? throw new InvalidOperationException(name);
        return (user, (await server.Airlock.CreateTokenAsync(actor, "tests")).Token);
    }

    private static async Task<PageSession> SignInAsync(WebServer server, string username, string password)
    {
        var session = new PageSession(server.BaseUrl);
        using var response = await session.PostFormAsync("signin", "signin", new() { ["username"] = username, ["password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return session;
    }

    private static async Task<HttpStatusCode> SignInStatusAsync(WebServer server, string username, string password)
    {
        using var session = new PageSession(server.BaseUrl);
        using var response = await session.PostFormAsync("signin", "signin", new() { ["username"] = username, ["password"] = password });
        return response.StatusCode;
    }

    private static HttpClient TokenClient(WebServer server, string token)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    [GeneratedRegex("id=\"one-time-password\">([^<]+)<")]
    private static partial Regex OneTimePassword();

    [GeneratedRegex(@"one-time password: (\S+)")]
    private static partial Regex CliOneTimePassword();
}
