using System.Text.RegularExpressions;

namespace Egress.Formats.Containers;

/// <summary>
/// UK Biobank bulk files (imaging, ECG, accelerometry, genetics per participant) are dispensed one per
/// participant, named <c>&lt;eid&gt;_&lt;field&gt;_&lt;instance&gt;_&lt;array&gt;.&lt;ext&gt;</c>, e.g. <c>1234567_20252_2_0.zip</c>.
/// Rule: ONE entry named that way is enough — a single participant's bulk file is individual-level by
/// itself, and whole folders of them are the same judgement many times. The name must match exactly
/// (seven-digit eid, field id, instance, array index), so "results_2023_1_0.csv" and dates never match.
/// The eid is never reported, only the field.
/// </summary>
public static partial class PerParticipantFileName
{
    [GeneratedRegex(@"^[1-9][0-9]{6}_([1-9][0-9]{0,5})_([0-9]{1,2})_([0-9]{1,3})(\.[A-Za-z0-9]{1,10}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex BulkName();

    public const string Format = "UK Biobank per-participant bulk file";

    /// <summary>The UK Biobank field id when the last segment of <paramref name="name"/> is a per-participant bulk file name, else null.</summary>
    public static string? FieldOf(string name)
    {
        var last = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var match = BulkName().Match(last);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The reason reported for such a file: names the field, never the eid.</summary>
    public static string Reason(string field) => $"per-participant bulk file name (field {field})";
}
