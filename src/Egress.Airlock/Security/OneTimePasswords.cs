using System.Security.Cryptography;

namespace Egress.Airlock;

/// <summary>
/// Passwords made up for someone else (a new account, an administrator's reset, the demo users): 16 characters
/// from an alphabet without look-alikes (0/O, 1/l/I), about 92 bits, easy to read out and type once.
/// </summary>
public static class OneTimePasswords
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string New(int length = 16) => string.Create(length, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++) span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
    });
}
