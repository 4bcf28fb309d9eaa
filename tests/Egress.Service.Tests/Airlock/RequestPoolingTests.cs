using Egress.Airlock;
using Egress.Core;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Airlock;

/// <summary>The airlock checks a file with the other files of its request: evidence split across them is judged on its total.</summary>
public class RequestPoolingTests
{
    [Fact]
    public async Task Ids_split_across_a_request_s_files_block_every_file_that_holds_them()
    {
        await using var h = await AirlockHarness.CreateAsync(postgres: false);
        // Six files of three IDs each: too few in any one file to decide.
        var files = Enumerable.Range(0, 6).Select(i => ($"ids{i}.txt", ServiceCohort.Shared.Ids("A", 100 + 3 * i, 3))).ToArray();
        var alone = await h.SubmitAndCheckAsync("alice", "A", files[0]);
        Assert.NotEqual(RequestState.Blocked, alone.Request.State);

        var detail = await h.SubmitAndCheckAsync("alice", "A", files);
        Assert.Equal(RequestState.Blocked, detail.Request.State);
        Assert.All(detail.Files, f => Assert.Equal(FileState.Blocked, f.File.State));
        var pooled = detail.Files[0].Findings.First(f => f.Rule == "participant-ids");
        Assert.StartsWith("Judged with the other files of its request (6 files)", pooled.Message);
        Assert.Contains("ids1.txt", pooled.Message);
    }

    [Fact]
    public async Task A_clean_table_beside_a_leak_in_one_request_is_not_blocked_by_it()
    {
        await using var h = await AirlockHarness.CreateAsync(postgres: false);
        var detail = await h.SubmitAndCheckAsync("alice", "A", ("ages.csv", ServiceCohort.CleanTable()),
            ("rows.csv", ServiceCohort.Shared.RecordsWithoutIds("A", 0, 40)));
        Assert.Equal(RequestState.Blocked, detail.Request.State);
        Assert.Equal(FileState.Released, detail.Files.Single(f => f.File.Name == "ages.csv").File.State);
        Assert.Equal(FileState.Blocked, detail.Files.Single(f => f.File.Name == "rows.csv").File.State);
    }
}
