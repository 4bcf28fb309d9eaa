using System.Net;
using System.Text.RegularExpressions;

namespace Egress.Service.Tests.Support;

/// <summary>Adds a file part to a multipart form (for the tests' fluent form building).</summary>
public static class MultipartExtensions
{
    public static MultipartFormDataContent WithFile(this MultipartFormDataContent form, string path)
    {
        form.Add(new ByteArrayContent(File.ReadAllBytes(path)), "files", Path.GetFileName(path));
        return form;
    }
}

/// <summary>A browser-like HTTP session on the pages: cookies kept, redirects not followed, signs in through the form.</summary>
public sealed partial class PageSession : IDisposable
{
    private readonly HttpClient _http;

    public PageSession(Uri baseUrl)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(120),
        };
    }

    public HttpClient Http => _http;

    /// <summary>The session's cookies (a test copies the session cookie to another client).</summary>
    public CookieContainer Cookies { get; } = new();

    public static async Task<PageSession> SignInAsync(WebServer server, string username)
    {
        var session = new PageSession(server.BaseUrl);
        using var response = await session.PostFormAsync("signin", "signin", new() { ["username"] = username, ["password"] = server.Accounts[username].Password });
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {username} answered {(int)response.StatusCode}");
        return session;
    }

    /// <summary>Reads the antiforgery token from a page's form.</summary>
    public async Task<string> TokenFromAsync(string page)
    {
        var html = await _http.GetStringAsync(page);
        var match = TokenPattern().Match(html);
        if (!match.Success) throw new InvalidOperationException($"no antiforgery token on {page}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>GETs <paramref name="formPage"/> for its token, then POSTs the fields (and the token) to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var token = await TokenFromAsync(formPage);
        var all = new List<KeyValuePair<string, string>> { new("__csrf", token) };
        all.AddRange(fields);
        return await _http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>
    /// POSTs a form with a fresh antiforgery token put first (as the pages' forms do): url-encoded bodies get the
    /// token added, multipart bodies get it as their first part.
    /// </summary>
    public async Task<HttpResponseMessage> PostWithTokenAsync(string action, HttpContent body)
    {
        var token = await TokenFromAsync("tokens");
        HttpContent sent;
        if (body is MultipartFormDataContent multipart)
        {
            var withToken = new MultipartFormDataContent { { new StringContent(token), "__csrf" } };
            foreach (var part in multipart) withToken.Add(part);
            sent = withToken;
        }
        else
        {
            var fields = new List<KeyValuePair<string, string>> { new("__csrf", token) };
            fields.AddRange(System.Web.HttpUtility.ParseQueryString(await body.ReadAsStringAsync()) is var q
                ? q.AllKeys.Where(k => k is not null).Select(k => new KeyValuePair<string, string>(k!, q[k]!)) : []);
            sent = new FormUrlEncodedContent(fields);
        }
        return await _http.PostAsync(action, sent);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
