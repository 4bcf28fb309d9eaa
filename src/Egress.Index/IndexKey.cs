using System.Security.Cryptography;

namespace Egress.Index;

/// <summary>
/// The secret that keys every hash in an index. Kept in its own file, outside the index folder, so a
/// copy of the index alone reveals nothing.
/// </summary>
public sealed class IndexKey
{
    private readonly byte[] _key;

    private IndexKey(byte[] key) => _key = key;

    public SipHash Hasher => new(_key);

    /// <summary>A short public fingerprint that tells whether an index was built with this key.</summary>
    public string Fingerprint => Hasher.Hash("egress-key-fingerprint"u8).ToString("x16");

    public static IndexKey FromBytes(ReadOnlySpan<byte> key) => new(key.ToArray());

    /// <summary>Loads the key file, or creates one with a fresh random key (owner-only permissions).</summary>
    public static IndexKey LoadOrCreate(string path)
    {
        if (File.Exists(path)) return Load(path);
        var key = RandomNumberGenerator.GetBytes(16);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Convert.ToHexString(key).ToLowerInvariant() + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new IndexKey(key);
    }

    public static IndexKey Load(string path)
    {
        var text = File.ReadAllText(path).Trim();
        byte[] key;
        try
        {
            key = Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"key file {path} is not 32 hex digits");
        }
        if (key.Length != 16) throw new InvalidDataException($"key file {path} must hold 16 bytes as 32 hex digits");
        return new IndexKey(key);
    }

    /// <summary>Where the key lives when no --key-file is given: beside the index folder, not inside it.</summary>
    public static string DefaultPathFor(string indexDir)
    {
        var full = Path.GetFullPath(indexDir).TrimEnd(Path.DirectorySeparatorChar);
        return full + ".key";
    }
}
