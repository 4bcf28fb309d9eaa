using Egress.Airlock.Demo;

namespace Egress.Service.Tests.Support;

/// <summary>
/// A small demo cohort, its index and the demo's sample exports, prepared once per test run and copied
/// into each service's fresh data folder (a copy takes milliseconds; generating and indexing takes seconds).
/// </summary>
public static class DemoData
{
    public const int Participants = 1500;
    private static readonly Lazy<string> Template = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"egress-web-template-{Environment.ProcessId}");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        DemoSeeder.PrepareIndex(dir, TextWriter.Null, Participants);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        };
        return dir;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A fresh data folder holding the index (and its key) and the samples.</summary>
    public static string NewDataDir()
    {
        var target = Directory.CreateTempSubdirectory("egress-web-").FullName;
        Copy(Template.Value, target);
        return target;
    }

    public static string Sample(string dataDir, string name) => Path.Combine(DemoSeeder.SamplesDir(dataDir), name);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
