namespace Egress.Service.Tests.Crash;

/// <summary>
/// Options the crash tests start servers and workers with. A check abandoned by a killed worker is claimed
/// again once its lease (AirlockOptions.CheckLease, 60 s by default) has run out; `egress serve` and
/// `egress worker` have no option to shorten it yet, so these tests wait that long once each.
/// </summary>
internal static class CrashSettings
{
    public static IReadOnlyList<string> ServerWorkers(int workers) => ["--workers", workers.ToString()];

    public static IReadOnlyList<string> WorkerArguments => [];
}
