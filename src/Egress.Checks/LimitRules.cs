using Egress.Core;

namespace Egress.Checks;

/// <summary>Limits from the policy: files too large to export, content past the expansion cap, time.</summary>
public static class LimitRules
{
    public const string FileSizeRule = "file-size-limit";
    public const string ExpandedSizeRule = "expanded-size-limit";
    public const string TimeBudgetRule = "time-budget";

    /// <summary>The size check runs on the file's length before a byte of it is read.</summary>
    public static Finding? CheckFileSize(long bytes, LimitsPolicy policy) =>
        bytes <= policy.MaxFileBytes ? null : new Finding
        {
            Rule = FileSizeRule,
            Severity = policy.Severity,
            Location = "whole file",
            Message = $"The file is {bytes:N0} bytes; the limit is {policy.MaxFileBytes:N0} bytes. It was not read.",
            Evidence = new Dictionary<string, object> { ["bytes"] = bytes, ["limit"] = policy.MaxFileBytes },
            Guidance = "Export a smaller file: results are rarely this large. Split it only if each part is an output in its own right.",
        };

    public static Finding ExpandedTooLarge(string message, LimitsPolicy policy) => new()
    {
        Rule = ExpandedSizeRule,
        Severity = policy.Severity,
        Location = "whole file",
        Message = $"Decompressed content is larger than allowed ({message}); the file was not fully inspected.",
        Evidence = new Dictionary<string, object> { ["limit"] = policy.MaxExpandedBytes },
        Guidance = "Export the results uncompressed, or smaller.",
    };

    public static Finding TimeBudgetExceeded(long bytesDone, LimitsPolicy policy) => new()
    {
        Rule = TimeBudgetRule,
        Severity = policy.Severity,
        Location = $"after {bytesDone:N0} bytes",
        Message = $"Checking took longer than the {policy.TimeBudgetSeconds:0.#} s budget; the rest of the file was not inspected, so it cannot be released.",
        Evidence = new Dictionary<string, object> { ["bytesInspected"] = bytesDone },
        Guidance = "Export a smaller file, or ask an output checker to review it.",
    };
}

/// <summary>Content that cannot be inspected is never released.</summary>
public static class OpaqueContentRule
{
    public const string Rule = "opaque-content";

    public static Finding Binary(long bytes, OpaqueContentPolicy policy, string what = "binary content of an unknown format") => new()
    {
        Rule = Rule,
        Severity = policy.Severity,
        Location = "whole file",
        Message = $"Not inspectable: {what}, {bytes:N0} bytes. Content nothing here can read is never released.",
        Evidence = new Dictionary<string, object> { ["bytes"] = bytes, ["content"] = what },
        Guidance = "Export results as text tables (CSV), or a format the checker reads; if it must leave as it is, ask an output checker.",
    };

    public static Finding Unreadable(string reason) => new()
    {
        Rule = "unreadable-input",
        Severity = Severity.Block,
        Location = "whole file",
        Message = $"The file could not be read: {reason}",
        Guidance = "Check that the file is complete and not damaged, then submit it again.",
    };
}
