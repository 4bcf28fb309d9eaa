using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace Egress.Service.Tests.Support;

/// <summary>
/// One user's calls to the REST API of a running `egress serve` (bearer token), read into small records of
/// the fields the process-level tests look at. States and verdicts stay strings (the API's camelCase names).
/// </summary>
public sealed class ApiSession : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A request still on its way to a verdict.</summary>
    public static readonly IReadOnlySet<string> PendingStates = new HashSet<string> { "submitted", "checking", "resubmitted" };

    private readonly HttpClient http;

    public ApiSession(Uri server, string token, TimeSpan? timeout = null)
    {
        http = new HttpClient { BaseAddress = server, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public HttpClient Http => http;

    /// <summary>POST /api/v1/requests (multipart: project, description, files); the created request.</summary>
    public async Task<ApiRequest> SubmitAsync(string project, string description, params (string Name, byte[] Content)[] files)
    {
        using var response = await PostSubmissionAsync(project, description, files.Select(f => (f.Name, (HttpContent)new ByteArrayContent(f.Content))));
        await EnsureAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<ApiRequest>(Json))!;
    }

    /// <summary>POST /api/v1/requests with any content per file (e.g. a stream that stalls), answer as it comes.</summary>
    public async Task<HttpResponseMessage> PostSubmissionAsync(string project, string description, IEnumerable<(string Name, HttpContent Content)> files,
        CancellationToken ct = default)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(project), "project");
        form.Add(new StringContent(description), "description");
        foreach (var (name, content) in files)
        {
            content.Headers.ContentType ??= new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }
        return await http.PostAsync("api/v1/requests", form, ct);
    }

    public async Task<ApiRequest> GetRequestAsync(long id)
    {
        using var response = await http.GetAsync($"api/v1/requests/{id}");
        await EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<ApiRequest>(Json))!;
    }

    /// <summary>GET /api/v1/requests: the caller's requests (auditors and admins: every request).</summary>
    public async Task<IReadOnlyList<ApiRequest>> ListRequestsAsync()
    {
        using var response = await http.GetAsync("api/v1/requests");
        await EnsureAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<List<ApiRequest>>(Json))!;
    }

    /// <summary>Polls until the request has left submitted/checking/resubmitted; fails with its last state after the timeout.</summary>
    public async Task<ApiRequest> WaitForVerdictAsync(long id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var request = await GetRequestAsync(id);
            if (!PendingStates.Contains(request.State)) return request;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"request {id} is still {request.State} after {timeout}");
            await Task.Delay(100);
        }
    }

    /// <summary>POST /api/v1/files/{id}/votes.</summary>
    public async Task<HttpResponseMessage> VoteAsync(long fileId, string decision, string comment) =>
        await http.PostAsJsonAsync($"api/v1/files/{fileId}/votes", new { decision, comment }, Json);

    /// <summary>GET /api/v1/files/{id}/content: the released bytes (or the refusal, for the caller to assert on).</summary>
    public Task<HttpResponseMessage> DownloadAsync(long fileId) => http.GetAsync($"api/v1/files/{fileId}/content");

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode == expected) return;
        var body = await response.Content.ReadAsStringAsync();
        Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
    }

    public void Dispose() => http.Dispose();
}

public sealed record ApiRequest(long Id, string Project, string Requester, string Description, string State, int Revision,
    IReadOnlyList<ApiFile>? Files, IReadOnlyList<ApiHistory>? History)
{
    [JsonIgnore]
    public IReadOnlyList<ApiFile> FileList => Files ?? [];

    [JsonIgnore]
    public IReadOnlyList<ApiHistory> HistoryList => History ?? [];
}

public sealed record ApiHistory(string Actor, string Action, string Details);

public sealed record ApiFile(long Id, string Name, string Sha256, long Bytes, string State, string? Verdict, int ApprovalsNeeded, int Approvals,
    bool CanDownload, IReadOnlyList<ApiFinding>? Findings);

public sealed record ApiFinding(string Rule, string Severity, string Location, string Message, int Participants, string? Guidance);
