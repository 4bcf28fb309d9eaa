namespace Egress.Tests.Support;

/// <summary>Finds ../shared/realcorpus beside the repository (CI clones the repository with shared/ beside it).</summary>
public static class RealCorpus
{
    public static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "realcorpus");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>
/// A test over the real released outputs: skipped, and counted as skipped, when ../shared/realcorpus is not beside the
/// repository (a clone elsewhere) — a pass that checked nothing would say the false-alarm set was clean.
/// </summary>
public sealed class RealCorpusFactAttribute : Xunit.FactAttribute
{
    public RealCorpusFactAttribute()
    {
        if (RealCorpus.Find() is null) Skip = "../shared/realcorpus not found beside the repository";
    }
}
