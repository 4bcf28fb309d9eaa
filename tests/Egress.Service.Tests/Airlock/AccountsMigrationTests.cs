using Dapper;
using Egress.Airlock;
using Egress.Service.Tests.Support;
using Xunit;

namespace Egress.Service.Tests.Airlock;

/// <summary>
/// Schema version 3 (security stamp, forced password change) applied to a version 2 store: the accounts keep their
/// passwords, nobody is forced to change, and the new columns work. The version 2 store is the current one with the
/// columns dropped and its version set back, on SQLite and on PostgreSQL.
/// </summary>
public sealed class AccountsMigrationTests
{
    [Fact]
    public Task A_version_2_sqlite_store_gains_the_security_stamp_and_keeps_its_accounts() => Upgrade(postgres: false);

    [PostgresFact]
    public Task A_version_2_postgresql_store_gains_the_security_stamp_and_keeps_its_accounts() => Upgrade(postgres: true);

    private static async Task Upgrade(bool postgres)
    {
        await using var h = await AirlockHarness.CreateAsync(postgres);
        var latest = h.Service.Database.SchemaVersion;
        Assert.True(latest >= 4);
        var token = await h.Service.CreateTokenAsync(h["bob"], "made before the upgrade");
        await h.Service.Database.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("ALTER TABLE users DROP COLUMN security_stamp", transaction: tx);
            await c.ExecuteAsync("ALTER TABLE users DROP COLUMN must_change_password", transaction: tx);
            await c.ExecuteAsync("ALTER TABLE api_tokens DROP COLUMN expires", transaction: tx);
            await c.ExecuteAsync("ALTER TABLE api_tokens DROP COLUMN last_used", transaction: tx);
            await c.ExecuteAsync("DELETE FROM schema_version WHERE version >= 3", transaction: tx);
        });

        using var upgraded = h.OpenAnother();
        Assert.Equal(latest, upgraded.Database.SchemaVersion);
        // Version 4: a token made before expiry existed expires airlock.apiTokenDays after it was made.
        Assert.NotNull(await upgraded.AuthenticateTokenAsync(token.Token));
        Assert.Equal(token.Info.Created.AddDays(90), (await upgraded.ListTokensAsync(h["bob"])).Single(t => t.Id == token.Info.Id).Expires);
        var alice = await upgraded.StartSessionAsync("alice", AirlockHarness.Password);
        Assert.NotNull(alice);
        Assert.Equal((1L, false), (alice.SecurityStamp, alice.MustChangePassword));
        Assert.NotNull(await upgraded.ResumeSessionAsync(alice.Actor.UserId, 1));
        await upgraded.ChangePasswordAsync(alice.Actor, AirlockHarness.Password, "alice after the upgrade");
        Assert.Null(await upgraded.ResumeSessionAsync(alice.Actor.UserId, 1));
        Assert.Equal(2, (await upgraded.StartSessionAsync("alice", "alice after the upgrade"))!.SecurityStamp);
        Assert.True((await upgraded.VerifyAuditAsync(h["audrey"])).Ok);
        h.Clock.Advance(TimeSpan.FromDays(91));
        Assert.Null(await upgraded.AuthenticateTokenAsync(token.Token));
    }
}
