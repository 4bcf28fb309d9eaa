namespace Egress.Service.Tests.Crash;

/// <summary>
/// Options the crash tests start servers and workers with. A check abandoned by a killed worker is claimed
/// again once its lease has run out: 10 s here instead of the default 60 s, so the tests wait less (the
/// worker renews the lease every third of it while checking, so a live check is never taken away).
/// </summary>
internal static class CrashSettings
{
    private static readonly string[] Lease = ["--check-lease", "10"];

    public static IReadOnlyList<string> ServerWorkers(int workers) => ["--workers", workers.ToString(), .. Lease];

    public static IReadOnlyList<string> WorkerArguments => Lease;
}
