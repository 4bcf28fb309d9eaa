using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Egress.Web.Api;

namespace Egress.Cli.Commands;

/// <summary>
/// Talks to an Egress server's REST API with an API token, for `egress submit` and `egress status`.
/// The server comes from --server, else EGRESS_SERVER, else the default local address; the token from
/// --token, else EGRESS_TOKEN.
/// </summary>
public sealed class ApiClient : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:5080";
    private readonly HttpClient _http;

    public ApiClient(string? server, string? token)
    {
        server ??= Environment.GetEnvironmentVariable("EGRESS_SERVER");
        if (string.IsNullOrWhiteSpace(server)) server = DefaultServer;
        token ??= Environment.GetEnvironmentVariable("EGRESS_TOKEN");
        if (string.IsNullOrWhiteSpace(token)) throw new UsageException("no API token: pass --token or set EGRESS_TOKEN (create one on the server's Tokens page)");
        if (!Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new UsageException($"--server must be an http(s) URL, not '{server}'");
        _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
    }

    /// <summary>Uploads the files as one request; each file is streamed from disk, not read into memory.</summary>
    public RequestDto Submit(IReadOnlyList<string> files, string project, string? description)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(project), "project");
        form.Add(new StringContent(description ?? ""), "description");
        var streams = new List<FileStream>();
        try
        {
            foreach (var path in files)
            {
                var stream = File.OpenRead(path);
                streams.Add(stream);
                var content = new StreamContent(stream);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(content, "files", Path.GetFileName(path));
            }
            return Send<RequestDto>(new HttpRequestMessage(HttpMethod.Post, "api/v1/requests") { Content = form });
        }
        finally
        {
            foreach (var s in streams) s.Dispose();
        }
    }

    public RequestDto Request(long id) => Send<RequestDto>(new HttpRequestMessage(HttpMethod.Get, $"api/v1/requests/{id}"));

    private T Send<T>(HttpRequestMessage message)
    {
        HttpResponseMessage response;
        try
        {
            response = _http.Send(message);
        }
        catch (HttpRequestException e)
        {
            throw new ServerException($"cannot reach the server at {_http.BaseAddress}: {e.Message}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = TryReadError(response);
                throw new ServerException(response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => "the server refused the token (401): it is wrong, revoked or its user is inactive",
                    _ => $"the server answered {(int)response.StatusCode}: {error ?? response.ReasonPhrase}",
                });
            }
            return response.Content.ReadFromJsonAsync<T>(ApiJson.Options).GetAwaiter().GetResult()
                ?? throw new ServerException("the server sent an empty answer");
        }
    }

    private static string? TryReadError(HttpResponseMessage response)
    {
        try
        {
            return response.Content.ReadFromJsonAsync<ErrorDto>(ApiJson.Options).GetAwaiter().GetResult()?.Error;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The server could not be reached or refused the call (exit code 4).</summary>
public sealed class ServerException(string message) : Exception(message);
