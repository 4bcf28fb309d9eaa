namespace Egress.Tests.Checks.Disguise.Adversary;

/// <summary>A table as the adversary holds it: a header and rows of cells (the extract's eid first, when it is kept).</summary>
public sealed record LeakTable(string[] Header, IReadOnlyList<string[]> Rows);

/// <summary>One file the adversary submits.</summary>
public sealed record LeakFile(string Name, byte[] Content);

/// <summary>
/// A way of changing a table's cells or shape before it is written (units, noise, date forms, ID forms, dropped ID
/// column). Implementations are found by reflection: add a class, and the adversary report and its tests use it.
/// </summary>
public interface ITableDisguise
{
    /// <summary>Short name shown in the report, e.g. "kg→lb".</summary>
    string Name { get; }
    /// <summary>The issue item it exercises, e.g. "2 transformed columns".</summary>
    string Item { get; }
    /// <summary>
    /// True for a disguise of the ID column itself. Every other leak has its eid column dropped first, so that what is
    /// measured is the mechanism, not the ID written beside it.
    /// </summary>
    bool KeepsIdColumn => false;
    LeakTable Apply(LeakTable table, Random random);
}

/// <summary>
/// A way of writing a table as files (column-oriented JSON, an SVG plot, a SAS dataset, one file per column). One
/// writer per leak; the plain CSV writer is the default. Several files are one airlock request.
/// </summary>
public interface ILeakWriter
{
    string Name { get; }
    string Item { get; }
    IReadOnlyList<LeakFile> Write(LeakTable table, Random random);
}

/// <summary>A wrapping of the written files (an encoding, compression, an archive), applied last.</summary>
public interface IFileDisguise
{
    string Name { get; }
    string Item { get; }
    IReadOnlyList<LeakFile> Apply(IReadOnlyList<LeakFile> files, Random random);
}

/// <summary>
/// A legitimate output that looks like a leak (simulated data from the cohort's own distributions, aggregates with many
/// decimals, reference tables, code with example numbers, a plot of summaries): it must not be blocked.
/// </summary>
public interface ILookAlike
{
    string Name { get; }
    string Item { get; }
    IReadOnlyList<LeakFile> Make(AdversaryCohort cohort, Random random);
}

/// <summary>What the adversary may read of the cohort: the project's extract, as dispensed.</summary>
public sealed class AdversaryCohort(string[] header, IReadOnlyList<string[]> rows)
{
    public string[] Header { get; } = header;
    public IReadOnlyList<string[]> Rows { get; } = rows;

    /// <summary>A slice of <paramref name="count"/> participants' rows, from a seeded start.</summary>
    public LeakTable Slice(int count, Random random)
    {
        var start = random.Next(Math.Max(1, Rows.Count - count));
        return new LeakTable(Header, Rows.Skip(start).Take(count).ToList());
    }

    public int Column(string name) => Array.IndexOf(Header, name);
}

/// <summary>Every mechanism in this assembly, by reflection (each class with a public parameterless constructor).</summary>
public static class AdversaryRegistry
{
    public static IReadOnlyList<ITableDisguise> TableDisguises { get; } = All<ITableDisguise>();
    public static IReadOnlyList<ILeakWriter> Writers { get; } = All<ILeakWriter>();
    public static IReadOnlyList<IFileDisguise> FileDisguises { get; } = All<IFileDisguise>();
    public static IReadOnlyList<ILookAlike> LookAlikes { get; } = All<ILookAlike>();

    private static IReadOnlyList<T> All<T>() => typeof(AdversaryRegistry).Assembly.GetTypes()
        .Where(t => typeof(T).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (T)Activator.CreateInstance(t)!)
        .OrderBy(m => m!.GetType().FullName, StringComparer.Ordinal)
        .ToList();
}
