using System.Net;
using System.Net.Http.Json;
using Egress.Core;
using Egress.Service.Tests.Support;
using Egress.Web.Api;
using Xunit;

namespace Egress.Service.Tests.Web;

/// <summary>
/// Uploads are capped before they are read: a file over limits.maxFileBytes stops the upload at the cap
/// with 413, a body declared larger than a request may be is refused before a byte is read, and neither
/// leaves anything in the quarantine, the upload spool or the request list.
/// </summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    private const long MaxFileBytes = 64 * 1024;
    private const int MaxFiles = 3;
    private const int DailyFiles = 3;
    private WebServer? _server;
    private WebServer Server => _server!;

    public async Task InitializeAsync() =>
        _server = await WebServer.StartAsync(WebServer.Store.Sqlite, new Policy
        {
            Limits = new LimitsPolicy { MaxFileBytes = MaxFileBytes },
            Airlock = new AirlockPolicy
            {
                MaxFilesPerRequest = MaxFiles,
                ResearcherDaily = new AirlockQuotaPolicy { Bytes = 10 * 1024 * 1024, Files = DailyFiles },
            },
        });

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_file_over_the_per_file_cap_is_refused_with_413_and_nothing_is_kept()
    {
        using var alice = Server.Client("alice");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("A"), "project" },
            { new ByteArrayContent(new byte[MaxFileBytes + 1]), "files", "big.bin" },
        };
        using var response = await alice.PostAsync("api/v1/requests", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit", (await response.Content.ReadFromJsonAsync<ErrorDto>(ApiJson.Options))!.Error);
        AssertNothingKept();
    }

    [Fact]
    public async Task A_body_declared_larger_than_a_request_may_be_is_refused_before_it_is_read()
    {
        using var alice = Server.Client("alice");
        var declared = MaxFileBytes * MaxFiles + 2 * 1024 * 1024;
        using var content = new StreamContent(new ZeroStream(declared));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        content.Headers.ContentLength = declared;
        HttpResponseMessage? response = null;
        try
        {
            response = await alice.PostAsync("api/v1/requests", content);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The server answered 413 and closed the connection while the client was still sending: also a refusal.
        }
        finally
        {
            response?.Dispose();
        }
        AssertNothingKept();
    }

    [Fact]
    public async Task A_file_at_the_cap_is_accepted()
    {
        var path = Path.Combine(Server.DataDir, "at-cap.csv");
        var row = "sex,smoking,n\n";
        var body = row + string.Concat(Enumerable.Repeat("Female,Never,1234\n", (int)((MaxFileBytes - row.Length) / 18)));
        await File.WriteAllTextAsync(path, body);
        Assert.True(new FileInfo(path).Length <= MaxFileBytes);
        var request = await Server.SubmitAsync("alice", "A", path);
        Assert.Single(request.Files);
    }

    [Fact]
    public async Task More_files_than_a_request_may_hold_are_refused_with_413()
    {
        var table = AuthorizationMatrix.Subjects.CleanTable(Server);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Server.SubmitAsync("alice", "A", Enumerable.Repeat(table, MaxFiles + 1).ToArray()));
        Assert.Contains("413", error.Message);
        AssertNothingKept();
    }

    [Fact]
    public async Task A_used_up_daily_allowance_is_429_and_stores_nothing()
    {
        var tables = Enumerable.Range(0, DailyFiles).Select(_ => AuthorizationMatrix.Subjects.CleanTable(Server)).ToArray();
        await Server.SubmitAsync("alice", "A", tables);
        var table = AuthorizationMatrix.Subjects.CleanTable(Server);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Server.SubmitAsync("alice", "A", table));
        Assert.Contains("429", error.Message);
        Assert.Contains("daily", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(Server.DataDir, "uploads")));
    }

    private void AssertNothingKept()
    {
        var quarantine = Path.Combine(Server.DataDir, "quarantine");
        Assert.True(!Directory.Exists(quarantine) || Directory.GetFiles(quarantine, "*", SearchOption.AllDirectories).Length == 0,
            "a refused upload left a file in quarantine");
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(Server.DataDir, "uploads")));
    }

    /// <summary>A long run of zero bytes, produced as it is read.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
