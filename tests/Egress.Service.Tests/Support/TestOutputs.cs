using System.Globalization;
using System.Text;

namespace Egress.Service.Tests.Support;

/// <summary>
/// Export files the process-level tests submit, with the verdict the engine gives each on the demo cohort:
/// a clean summary (release), a frequency table with a small cell (review, sdc-minimum-cell-count: two
/// approvals), rows of a project's extract (block), and large tables of floats (release after a check that
/// takes a while: what a crash test kills a worker in the middle of).
/// </summary>
public static class TestOutputs
{
    public static byte[] CleanSummary(string tag = "") => Encoding.UTF8.GetBytes(
        $"group,mean_bmi,sd_bmi,n\nFemale,26.1,4.2,1480\nMale,27.3,3.9,1512\n{(tag.Length > 0 ? $"# {tag}\n" : "")}");

    public static byte[] SmallCellTable() => Encoding.UTF8.GetBytes(
        "sex,age_band,n\nFemale,40-49,120\nFemale,50-59,7\nMale,40-49,98\nMale,50-59,143\n");

    /// <summary>The header and first <paramref name="rows"/> records of a project's extract: IDs and records, a leak.</summary>
    public static byte[] Leak(string extractPath, int rows = 30) =>
        Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(extractPath).Take(rows + 1)) + "\n");

    /// <summary>
    /// Writes a CSV of random floats of about <paramref name="bytes"/> to a new temp file; distinct per seed. The columns
    /// name statistics (simulation results): columns of bare full-precision numbers would read as per-person microdata.
    /// </summary>
    public static string LargeTable(long bytes, int seed)
    {
        var path = Path.Combine(Path.GetTempPath(), $"egress-large-{seed}-{Guid.NewGuid():N}.csv");
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        const string header = "mean_a,mean_b,mean_c,mean_d,mean_e,mean_f\n";
        writer.Write(header);
        var line = new StringBuilder(80);
        long written = header.Length;
        while (written < bytes)
        {
            line.Clear();
            for (var i = 0; i < 6; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(random.NextDouble().ToString("F5", CultureInfo.InvariantCulture));
            }
            line.Append('\n');
            writer.Write(line);
            written += line.Length;
        }
        return path;
    }
}
