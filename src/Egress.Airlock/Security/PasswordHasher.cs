namespace Egress.Airlock;

/// <summary>PBKDF2-HMAC-SHA256 password hashes: pbkdf2-sha256$iterations$salt$hash.</summary>
public static class PasswordHasher
{
    public const int DefaultIterations = 210_000;

    public static string Hash(string password, int iterations = DefaultIterations) => throw new NotImplementedException();

    public static bool Verify(string password, string stored) => throw new NotImplementedException();
}
