using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Egress.Index;

/// <summary>A read-only memory-mapped file seen as an array of T: loading an index costs no copying.</summary>
internal sealed unsafe class MappedArray<T> : IDisposable where T : unmanaged
{
    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;

    public MappedArray(string path)
    {
        var length = new FileInfo(path).Length;
        Length = length / sizeof(T);
        if (length == 0) return;
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref _base);
        _base += _view.PointerOffset;
        HugePages.Advise(_base, length);
    }

    public long Length { get; }

    public T* Pointer => (T*)_base;

    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _file?.Dispose();
    }
}

/// <summary>
/// Look-ups land anywhere in the index, so with 4 KB pages nearly every probe also misses the TLB.
/// Linux maps a file with 2 MB pages where its page cache holds 2 MB folios: the index builder's large
/// writes leave them so, and this advice makes pages read in later (after a reboot) come in that size too.
/// Only advice: where it is not supported nothing changes but speed.
/// </summary>
internal static unsafe partial class HugePages
{
    private const int MadvHugePage = 14;

    public static void Advise(byte* start, long length)
    {
        if (!OperatingSystem.IsLinux() || length < 2 << 20) return;
        try
        {
            _ = Madvise(start, (nuint)length, MadvHugePage);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(byte* address, nuint length, int advice);
}
