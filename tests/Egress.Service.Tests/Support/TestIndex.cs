using Egress.Index;

namespace Egress.Service.Tests.Support;

public static class TestIndex
{
    /// <summary>Copies a cohort index and its key to where a data folder keeps them (DATA/index, DATA/index.key) — once.</summary>
    public static void Copy(string from, string to)
    {
        lock (typeof(TestIndex))
        {
            if (Directory.Exists(to)) return;
            Directory.CreateDirectory(to);
            foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            File.Copy(IndexKey.DefaultPathFor(from), IndexKey.DefaultPathFor(to));
        }
    }
}
