using Egress.Airlock;
using Egress.Core;

namespace Egress.Web.Api;

/// <summary>
/// When a checker may see the start of a file, and how much. Only files under review, and never a file
/// with a blocking finding or one about participants' IDs or records: showing it would disclose exactly
/// what Egress stopped. The findings' locations are always shown instead.
/// </summary>
public static class PreviewRules
{
    public const int MaxBytes = 64 * 1024;

    private static readonly HashSet<string> ParticipantRules =
        ["participant-ids", "participant-records", "record-matching-incomplete", "row-level-data", "individual-level-format"];

    public static string? WithheldBecause(FileDetail file)
    {
        if (file.File.State != FileState.Review) return "only files waiting for review are shown to checkers";
        if (file.Findings.Any(f => f.Severity == Severity.Block)) return "the file has a blocking finding; its content is not shown";
        if (file.Findings.Any(f => ParticipantRules.Contains(f.Rule)))
            return "the file may hold participants' IDs or records; its content is not shown, only where the findings are";
        return null;
    }
}
