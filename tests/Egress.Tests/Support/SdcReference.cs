namespace Egress.Tests.Support;

/// <summary>
/// Finds ../shared/sdc beside the repository: sdcMicro's testdata and the figures sdcMicro 5.8.1 computed
/// for it (README.md there). Null when absent, so the tests that need it can say so and skip.
/// </summary>
public static class SdcReference
{
    public const string DataFile = "sdcmicro_testdata.csv";
    public const string RiskFile = "sdcmicro_testdata_risk.csv";
    public static readonly string[] Keys = ["urbrur", "roof", "walls", "water", "electcon", "relat", "sex"];
    public const string Weight = "sampling_weight";

    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "sdc");
            if (File.Exists(Path.Combine(candidate, DataFile)) && File.Exists(Path.Combine(candidate, RiskFile))) return candidate;
        }
        return null;
    }

    /// <summary>A plain comma-separated file without quoted commas (as R's write.csv writes these): header and rows.</summary>
    public static (string[] Header, List<IReadOnlyList<string>> Rows) ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        static string[] Split(string line) => line.Split(',').Select(c => c.Trim('"')).ToArray();
        return (Split(lines[0]), lines.Skip(1).Select(l => (IReadOnlyList<string>)Split(l)).ToList());
    }
}
