using Egress.Core;

namespace Egress.Checks.Forensics;

/// <summary>
/// The policy a trace reads with: the file is already outside, so it is read whole however large —
/// no file-size limit and a time budget that grows with the size — while every unpacking limit
/// (depth, entries, expansion ratio, in-memory size) stays as the policy says.
/// </summary>
public static class ForensicPolicy
{
    /// <summary>Seconds allowed per megabyte read, on top of the policy's own budget (a slow 0.25 MB/s floor on a busy machine).</summary>
    public const double SecondsPerMegabyte = 4.0;

    public static Policy For(Policy policy, long fileBytes)
    {
        var copy = System.Text.Json.JsonSerializer.Deserialize<Policy>(policy.ToJson(), Policy.JsonOptions)
                   ?? throw new InvalidOperationException("the policy could not be copied");
        copy.Limits.MaxFileBytes = long.MaxValue;
        copy.Limits.MaxExpandedBytes = Math.Max(policy.Limits.MaxExpandedBytes, fileBytes.SaturatingTimes(4));
        copy.Limits.TimeBudgetSeconds = policy.Limits.TimeBudgetSeconds + fileBytes / 1e6 * SecondsPerMegabyte;
        return copy;
    }

    private static long SaturatingTimes(this long value, long factor) => value > long.MaxValue / factor ? long.MaxValue : value * factor;
}
