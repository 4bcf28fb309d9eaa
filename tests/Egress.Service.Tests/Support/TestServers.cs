using Xunit;

namespace Egress.Service.Tests.Support;

/// <summary>
/// What `./test` provides: a PostgreSQL superuser connection string and the Chromium binary, through
/// environment variables. A test that needs them fails with a clear message when they are missing;
/// only an explicit <c>EGRESS_TEST_NO_SERVERS=1</c> (a quick local loop) skips such tests instead.
/// </summary>
public static class TestServers
{
    public const string PostgresVariable = "EGRESS_TEST_POSTGRES";
    public const string ChromiumVariable = "EGRESS_TEST_CHROMIUM";
    public const string NoServersVariable = "EGRESS_TEST_NO_SERVERS";

    public static bool Disabled => Environment.GetEnvironmentVariable(NoServersVariable) == "1";

    public static string Require(string variable, string what)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value)) return value;
        throw new InvalidOperationException(
            $"{variable} is not set: this test needs {what}. Run the tests with ./test (it installs and starts it), " +
            $"or set {NoServersVariable}=1 to skip the tests that need servers.");
    }
}

/// <summary>A fact that needs the PostgreSQL server from ./test; skipped only with EGRESS_TEST_NO_SERVERS=1.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestServers.Disabled) Skip = $"{TestServers.NoServersVariable}=1: no PostgreSQL server";
    }
}

/// <summary>A fact that needs headless Chromium from ./test; skipped only with EGRESS_TEST_NO_SERVERS=1.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (TestServers.Disabled) Skip = $"{TestServers.NoServersVariable}=1: no Chromium";
    }
}

/// <summary>A theory that needs the servers from ./test (e.g. run on SQLite and PostgreSQL); skipped only with EGRESS_TEST_NO_SERVERS=1.</summary>
public sealed class ServersTheoryAttribute : TheoryAttribute
{
    public ServersTheoryAttribute()
    {
        if (TestServers.Disabled) Skip = $"{TestServers.NoServersVariable}=1: no PostgreSQL server or Chromium";
    }
}
