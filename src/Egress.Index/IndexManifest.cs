using System.Text.Json;
using System.Text.Json.Serialization;

namespace Egress.Index;

/// <summary>index.json: what an index holds, in plain words and counts — never values or IDs.</summary>
public sealed record IndexManifest
{
    public const int CurrentVersion = 3;
    public const string FileName = "index.json";

    public int Version { get; init; } = CurrentVersion;
    public required DateTime CreatedUtc { get; init; }
    public required string KeyFingerprint { get; init; }
    /// <summary>Values held by more participants of a project than this keep only a count, not who.</summary>
    public required int MaxPostings { get; init; }
    public required IReadOnlyList<ProjectInfo> Projects { get; init; }
    public required long ValueSlots { get; init; }
    public required long DistinctValues { get; init; }
    public required long Entries { get; init; }
    public required long Postings { get; init; }
    public required long QiSlots { get; init; }
    public required long QiCombinations { get; init; }
    public required IReadOnlyList<string> QiFields { get; init; }
    public long SizeBytes { get; init; }
    public double BuildSeconds { get; init; }

    public static IndexManifest Read(string dir)
    {
        var path = Path.Combine(dir, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{dir} is not an Egress index (no {FileName})");
        var manifest = JsonSerializer.Deserialize(File.ReadAllText(path), IndexJsonContext.Default.IndexManifest)
                       ?? throw new InvalidDataException($"{path} is empty");
        if (manifest.Version != CurrentVersion)
            throw new InvalidDataException($"{path} has index version {manifest.Version}; this Egress reads version {CurrentVersion}: rebuild the index");
        return manifest;
    }

    public void Write(string dir) => File.WriteAllText(Path.Combine(dir, FileName), JsonSerializer.Serialize(this, IndexJsonContext.Default.IndexManifest));
}

/// <summary>One project's extract as the index knows it.</summary>
public sealed record ProjectInfo
{
    public required string Name { get; init; }
    public required int Participants { get; init; }
    /// <summary>Digit counts of the project's IDs (7 for UK Biobank-style eids): where chance hits fall.</summary>
    public required IReadOnlyList<int> IdDigits { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>How many numbers have the project's ID digit counts: the range IDs are drawn from.</summary>
    public double IdRangeSize()
    {
        double size = 0;
        foreach (var d in IdDigits) size += Math.Pow(10, d) - (d > 1 ? Math.Pow(10, d - 1) : 0);
        return size;
    }

    /// <summary>The chance that a random number of ID length is one of this project's IDs.</summary>
    public double IdDensity() => IdRangeSize() > 0 ? Participants / IdRangeSize() : 0;
}

/// <summary>Source-generated JSON for the manifest: no reflection, so opening an index stays fast.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(IndexManifest))]
internal sealed partial class IndexJsonContext : JsonSerializerContext;
