using System.IO.MemoryMappedFiles;

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
