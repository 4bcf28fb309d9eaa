namespace Egress.Cli.Commands;

/// <summary>The known name closest to a mistyped one, by edit distance.</summary>
public static class Suggestions
{
    /// <summary>The candidate nearest <paramref name="typed"/>, or null when none is near enough to be a slip.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var bare = typed.TrimStart('-');
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Distinct())
        {
            var distance = Distance(bare, candidate.TrimStart('-'));
            if (distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        // A slip is a letter or two (a third of the word at most); anything further is a different word.
        return best is not null && bestDistance <= Math.Max(1, Math.Min(3, bare.Length / 3)) ? best : null;
    }

    /// <summary>Damerau-Levenshtein distance (optimal string alignment: a swapped pair counts as one edit).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
