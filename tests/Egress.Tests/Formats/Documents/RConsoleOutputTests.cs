using Egress.Checks;
using Egress.Core;
using Egress.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Egress.Tests.Formats.Documents;

/// <summary>
/// R console output, read by the layout sniffer as fixed-width text: a printed data frame of
/// participants (row numbers first, wide frames wrapped into blocks) is blocked; summary() output of
/// the same rows is aggregate and is not.
/// </summary>
[Collection("indexed-cohort")]
public class RConsoleOutputTests(IndexedCohort cohort, ITestOutputHelper output)
{
    private (string[] Header, List<string[]> Rows) Slice(int rows)
    {
        var (header, all) = cohort.Extract("A");
        return (header[1..], all.Skip(700).Take(rows).Select(r => r[1..]).ToList());
    }

    private CheckReport Check(string name, string text)
    {
        var path = cohort.NewFile(name);
        File.WriteAllText(path, text);
        var report = cohort.Check(path);
        output.WriteLine($"{name}: {report.Verdict} ({report.Format}) [{string.Join("; ", report.Findings.Select(f => $"{f.Rule} @ {f.Location}: {f.Message}"))}]");
        return report;
    }

    [Fact]
    public void A_printed_data_frame_is_blocked()
    {
        var (header, rows) = Slice(200);
        var report = Check("print.txt", RConsole.PrintDataFrame(header, rows, width: 10_000));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Participants >= 190);
    }

    [Fact]
    public void A_printed_data_frame_wrapped_at_80_columns_is_blocked()
    {
        var (header, rows) = Slice(200);
        var report = Check("print80.txt", RConsole.PrintDataFrame(header, rows));
        Assert.Equal(Verdict.Block, report.Verdict);
        Assert.Contains(report.Findings, f => f.Rule == ParticipantRecordDetector.Rule && f.Participants >= 150);
    }

    [Fact]
    public void Head_of_a_data_frame_in_a_console_log_is_blocked()
    {
        var (header, rows) = Slice(30);
        var log = "> library(dplyr)\n> df <- read.csv(\"ukb.csv\")\n> dim(df)\n[1] 20000    48\n> print(head(df, 30))\n"
                  + RConsole.PrintDataFrame(header, rows) + "> q()\n";
        var report = Check("session.log", log);
        Assert.Equal(Verdict.Block, report.Verdict);
    }

    [Fact]
    public void Summary_of_the_same_rows_is_not_blocked()
    {
        var (header, rows) = Slice(2000);
        var report = Check("summary.txt", RConsole.Summary(header, rows));
        Assert.NotEqual(Verdict.Block, report.Verdict);
    }
}
