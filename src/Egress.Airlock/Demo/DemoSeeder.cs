namespace Egress.Airlock.Demo;

/// <summary>One demo account and its password (printed on start).</summary>
public sealed record DemoAccount(string Username, string Password, Role Role, string? Project);

/// <summary>
/// What `egress serve --demo` prepares: a small generated cohort (fixed seed) and its index under the data
/// folder, projects A, B, C and the demo users with fresh passwords.
/// </summary>
public static class DemoSeeder
{
    public const int DefaultParticipants = 3000;

    /// <summary>Generates the cohort and builds DATA/index (with DATA/index.key) unless they are there already.</summary>
    public static void PrepareIndex(string dataDir, TextWriter log, int participants = DefaultParticipants) => throw new NotImplementedException();

    /// <summary>Creates projects A, B, C and the demo users (or resets their passwords), returning the accounts.</summary>
    public static Task<IReadOnlyList<DemoAccount>> SeedAccountsAsync(AirlockService service, CancellationToken ct = default) =>
        throw new NotImplementedException();
}
