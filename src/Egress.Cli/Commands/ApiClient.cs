using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Egress.Web.Api;

namespace Egress.Cli.Commands;

/// <summary>
/// Talks to an Egress server's REST API with an API token, for `egress submit`, `egress status` and `egress download`.
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

    /// <summary>A released file's receipt (its SHA-256, size, request and time), as the server recorded it.</summary>
    public ReceiptDto Receipt(long fileId) => Send<ReceiptDto>(new HttpRequestMessage(HttpMethod.Get, $"api/v1/files/{fileId}/receipt"));

    /// <summary>A released file's content as a stream read from the network (not held in memory); dispose it.</summary>
    public Stream Content(long fileId)
    {
        var response = SendChecked(new HttpRequestMessage(HttpMethod.Get, $"api/v1/files/{fileId}/content"), HttpCompletionOption.ResponseHeadersRead);
        try
        {
            return new ResponseStream(response, response.Content.ReadAsStream());
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private T Send<T>(HttpRequestMessage message)
    {
        using var response = SendChecked(message, HttpCompletionOption.ResponseContentRead);
        return response.Content.ReadFromJsonAsync<T>(ApiJson.Options).GetAwaiter().GetResult()
            ?? throw new ServerException("the server sent an empty answer");
    }

    /// <summary>Sends and returns a successful response; an unreachable server or a refusal is a <see cref="ServerException"/>.</summary>
    private HttpResponseMessage SendChecked(HttpRequestMessage message, HttpCompletionOption completion)
    {
        HttpResponseMessage response;
        try
        {
            response = _http.Send(message, completion);
        }
        catch (HttpRequestException e)
        {
            throw new ServerException($"cannot reach the server at {_http.BaseAddress}: {e.Message}");
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var error = TryReadError(response);
            throw new ServerException(response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => "the server refused the token (401): it is wrong, revoked or its user is inactive",
                _ => $"the server answered {(int)response.StatusCode}: {error ?? response.ReasonPhrase}",
            });
        }
    }

    /// <summary>A response body that disposes its response with it.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
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
