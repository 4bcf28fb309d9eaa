using System.Security.Cryptography;
using System.Text;

namespace Egress.Airlock;

/// <summary>API tokens: "egt_" + 32 random bytes (base64url). Only the SHA-256 of a token is stored.</summary>
public static class ApiTokens
{
    public const string Prefix = "egt_";

    public static string NewToken() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The part shown in lists: enough to tell tokens apart, useless to an attacker.</summary>
    public static string DisplayPrefix(string token) => token[..Math.Min(token.Length, Prefix.Length + 6)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
