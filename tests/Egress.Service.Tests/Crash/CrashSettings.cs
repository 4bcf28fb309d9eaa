namespace Egress.Service.Tests.Crash;

/// <summary>
/// Options the crash tests start servers and workers with: a short check lease, so that a check abandoned by
/// a killed worker is claimed again within seconds rather than after the default lease.
/// </summary>
internal static class CrashSettings
{
    public const string LeaseSeconds = "5";

    public static IReadOnlyList<string> ServerWorkers(int workers) => ["--workers", workers.ToString(), "--lease", LeaseSeconds];

    public static IReadOnlyList<string> WorkerArguments => ["--lease", LeaseSeconds];
}
