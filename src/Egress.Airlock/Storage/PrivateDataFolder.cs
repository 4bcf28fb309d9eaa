using System.Runtime.InteropServices;

namespace Egress.Airlock.Storage;

/// <summary>
/// Keeps the data folder (database, quarantine, cookie keys, index key, uploads) to the service's own OS account,
/// whatever the umask it was started with: the process's umask becomes 077, so every folder it makes is 0700 and
/// every file 0600 (SQLite's journal files and the cookie keys included), and the folder itself and what lies
/// directly in it are set so at start — a folder only its owner can enter hides everything below it, so a store
/// made under umask 022 by an earlier version is closed without walking the quarantine.
/// </summary>
internal static partial class PrivateDataFolder
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Prepare(string dataDir)
    {
        if (OperatingSystem.IsWindows()) return;
        umask(0x3F); // 077
        Directory.CreateDirectory(dataDir);
        File.SetUnixFileMode(dataDir, FolderMode);
        foreach (var entry in new DirectoryInfo(dataDir).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) continue; // a link's target is not ours to change
            entry.UnixFileMode = entry is DirectoryInfo ? FolderMode : FileMode;
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint umask(uint mask);
}
