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
